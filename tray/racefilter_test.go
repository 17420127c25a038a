package tray_test

import (
	"os/exec"
	"testing"
)

func TestUpstreamRacesOnly(t *testing.T) {
	exit66 := exec.Command("sh", "-c", "exit 66").Run()
	exit1 := exec.Command("sh", "-c", "exit 1").Run()
	const systrayOnly = `==================
WARNING: DATA RACE
Read at 0x00c000123456 by goroutine 12:
  fyne.io/systray.(*menuLayout).GetLayout()
      /mod/fyne.io/systray/systray_menu_unix.go:200 +0x44

Previous write at 0x00c000123456 by goroutine 9:
  fyne.io/systray.refresh()
      /mod/fyne.io/systray/systray_menu_unix.go:300 +0x55
  github.com/otptray/otptray/tray.(*trayUI).Update()
      /src/tray/systray.go:100 +0x66
==================
`
	const ours = `==================
WARNING: DATA RACE
Write at 0x00c000123456 by goroutine 12:
  github.com/otptray/otptray/tray.(*app).Refresh()
      /src/tray/app.go:1 +0x1

Previous read at 0x00c000123456 by goroutine 9:
  fyne.io/systray.refresh()
      /mod/fyne.io/systray/systray_menu_unix.go:300 +0x55
==================
`
	for _, tt := range []struct {
		name string
		err  error
		out  string
		want bool
	}{
		{"race inside systray only", exit66, systrayOnly, true},
		{"race touching our code", exit66, ours, false},
		{"one of two reports is ours", exit66, systrayOnly + ours, false},
		{"exit 66 without a report", exit66, "panic: something\n", false},
		{"another exit status", exit1, systrayOnly, false},
		{"no error", nil, systrayOnly, false},
	} {
		if got := upstreamRacesOnly(tt.err, tt.out); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

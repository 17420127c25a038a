package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

// run runs the built program with env on top of a copy of this process's
// environment without the display, the locale and the data folder.
func run(t *testing.T, bin string, env []string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "OTPTRAY_CONFIG_DIR":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "OTPTRAY_CONFIG_DIR="+t.TempDir())
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		status = exit.ExitCode()
	default:
		t.Fatalf("run %s: %v", bin, err)
	}
	return out.String(), errOut.String(), status
}

// unreachableDisplay is an X display name with no server behind it.
func unreachableDisplay(t *testing.T) string {
	for n := 99; n < 200; n++ {
		_, errSocket := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		_, errLock := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n))
		if os.IsNotExist(errSocket) && os.IsNotExist(errLock) {
			return fmt.Sprintf(":%d", n)
		}
	}
	t.Fatal("no free display number from :99 to :199")
	return ""
}

// TestWithoutDisplay: without a usable X display the program says what is
// wrong in the user's language and exits 1, never with the panic of a
// library that needs the display in its init.
func TestWithoutDisplay(t *testing.T) {
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray")
	display := unreachableDisplay(t)
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"no DISPLAY", nil,
			"otptray: otptray needs a desktop session, and none was found (DISPLAY and WAYLAND_DISPLAY are not set)."},
		{"no DISPLAY, Japanese", []string{"LANG=ja_JP.UTF-8"},
			"otptray: otptray にはデスクトップ環境が必要ですが、見つかりませんでした"},
		{"DISPLAY unreachable", []string{"DISPLAY=" + display},
			fmt.Sprintf("otptray: cannot reach the X display %q that DISPLAY names: start otptray from your desktop session", display)},
		{"DISPLAY unreachable, Japanese", []string{"DISPLAY=" + display, "LC_ALL=ja_JP.UTF-8"},
			fmt.Sprintf("otptray: DISPLAY が指す X ディスプレイ %q に接続できません。", display)},
		{"Wayland without XWayland", []string{"WAYLAND_DISPLAY=wayland-0"},
			"otptray: otptray needs X11, and this Wayland session has none (WAYLAND_DISPLAY is set, DISPLAY is not)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := run(t, bin, tt.env)
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			if !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr %q\nwant it to start with %q", stderr, tt.want)
			}
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("stderr has %d lines, want one:\n%s", n, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

// TestHelpAndVersion: they, and --quit, answer without a desktop.
func TestHelpAndVersion(t *testing.T) {
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray")
	tests := []struct {
		args   []string
		env    []string
		status int
		stdout string // its beginning
		stderr string
	}{
		{[]string{"--help"}, nil, 0, "Usage: otptray [--help | --version | --quit]\n\notptray shows your one-time passwords in the system tray", ""},
		{[]string{"-h"}, nil, 0, "Usage: otptray [--help | --version | --quit]\n", ""},
		{[]string{"--help"}, []string{"LANG=ja_JP.UTF-8"}, 0, "使い方: otptray [--help | --version | --quit]\n\notptray はワンタイムパスワードをシステムトレイに表示します。", ""},
		{[]string{"--version"}, nil, 0, "otptray dev\n", ""},
		{[]string{"-v"}, []string{"LANG=ja_JP.UTF-8"}, 0, "otptray dev\n", ""},
		// With the tray running: packages tray and desktop test it.
		{[]string{"--quit"}, nil, 0, "otptray is not running.\n", ""},
		{[]string{"--quit"}, []string{"LANG=ja_JP.UTF-8"}, 0, "otptray は実行されていません。\n", ""},
		{[]string{"--quit", "--help"}, nil, 2, "", "otptray: unknown argument \"--help\": see otptray --help\n"},
		{[]string{"--bogus"}, nil, 2, "", "otptray: unknown argument \"--bogus\": see otptray --help\n"},
		// A toast button's URL that is not one of ours reaches nothing and
		// is not repeated (whoever launched us with it may not be a toast).
		{[]string{"otptray:notice=1&action=copy&token=abc&code=123456"}, nil, 2, "",
			"otptray: this is not the address of a button of an otptray notification, so otptray did nothing\n"},
		{[]string{"OTPTRAY:notice=1&action=quit"}, []string{"LANG=ja_JP.UTF-8"}, 2, "",
			"otptray: otptray の通知のボタンのアドレスではないため、何もしませんでした\n"},
		{[]string{"--help", "--version"}, []string{"LANG=ja_JP.UTF-8"}, 2, "", "otptray: 不明な引数 \"--version\" です。otptray --help を参照してください\n"},
	}
	for _, tt := range tests {
		stdout, stderr, status := run(t, bin, tt.env, tt.args...)
		if status != tt.status || !strings.HasPrefix(stdout, tt.stdout) || stderr != tt.stderr ||
			(tt.stdout == "" && stdout != "") {
			t.Errorf("otptray %s (%v): status %d\nstdout %q\nstderr %q\nwant status %d, stdout beginning %q, stderr %q",
				strings.Join(tt.args, " "), tt.env, status, stdout, stderr, tt.status, tt.stdout, tt.stderr)
		}
	}
}

// TestButtonWithoutTray: a toast's button pressed when no otptray runs
// (the toast left in the Action Center) says so and exits 1. With the tray
// running, packages tray and desktop test it.
func TestButtonWithoutTray(t *testing.T) {
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray")
	stdout, stderr, status := run(t, bin, nil, "otptray:notice=1&action=copy&token=abc")
	want := "otptray: otptray is not running, so the notification's button cannot copy: start otptray and copy from its menu\nDetails: "
	if status != 1 || stdout != "" || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 2 {
		t.Errorf("status %d, stdout %q, stderr %q; want 1, nothing, and stderr beginning %q", status, stdout, stderr, want)
	}
}

// TestNoXGBLog: an X server that needs no authority file (as Xvfb without
// -auth, or some XWayland sessions) is normal, and xgb's log of the missing
// file is not shown.
func TestNoXGBLog(t *testing.T) {
	e2e.Require(t) // for Xvfb; the program gets a display of its own
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray")
	display := unreachableDisplay(t)
	xvfb := exec.Command("Xvfb", display, "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		xvfb.Process.Kill()
		xvfb.Wait()
	})
	socket := "/tmp/.X11-unix/X" + display[1:]
	for i := 0; ; i++ {
		if _, err := os.Stat(socket); err == nil {
			break
		}
		if i == 100 {
			t.Fatalf("Xvfb %s made no socket within 10 s", display)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// No session bus: the program stops right after the display check.
	_, stderr, status := run(t, bin, []string{"DISPLAY=" + display, "XAUTHORITY=" + t.TempDir() + "/none",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + t.TempDir() + "/none"})
	if status != 1 || strings.Contains(stderr, "XGB:") || strings.Count(stderr, "\n") != 1 ||
		!strings.HasPrefix(stderr, "otptray: ") || strings.Contains(stderr, "X display") {
		t.Errorf("exit status %d, stderr %q; want status 1 and one line, about the session bus", status, stderr)
	}
}

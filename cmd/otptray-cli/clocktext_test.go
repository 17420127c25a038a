package main

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
)

// TestOffsetTextAsTray: time --show writes a stored offset as the tray's
// menu and notification do (clocksync.Text; see tray's TestOffsetTextAgrees).
func TestOffsetTextAsTray(t *testing.T) {
	h := newHarness(t)
	err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
		d.Settings.ClockOffset, d.Settings.ClockSource, d.Settings.ClockChecked = 2.5, "ntp:test", h.now
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := clocksync.Text(i18n.New("en").T, 2500*time.Millisecond)
	if got := h.must("", "time", "--show").stdout; !strings.Contains(got, " "+want+" slow") || want != "2.5 s" {
		t.Errorf("time --show: %q, want the offset as %q", got, want)
	}
}

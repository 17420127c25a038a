package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/menu"
)

// TestOffsetTextAgrees: the settings line of the menu and the notification
// after a clock check write an offset the same way, as otptray-cli does
// (clocksync.Text): 2.5 s, not 2 s in one place and 2.5 s in the other.
func TestOffsetTextAgrees(t *testing.T) {
	const off = 2500 * time.Millisecond
	want := clocksync.Text(i18n.New("en").T, off)
	if want != "2.5 s" {
		t.Fatalf("clocksync.Text = %q", want)
	}
	m := &measurer{offset: off}
	h := newHarness(t, vipToken())
	h.sys.measure = m.measure
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	h.start(start)
	h.click(menu.KeySyncClock, start)
	h.next(t, start)
	h.refresh(start)
	if got := h.ui.label(t, menu.KeyClockStatus); got != "Clock is "+want+" slow — corrected" {
		t.Errorf("menu line %q, want the offset as %q", got, want)
	}
	if len(h.sys.toasts) == 0 {
		t.Fatal("no notification after the clock check")
	}
	if body := h.sys.toasts[len(h.sys.toasts)-1].body; !strings.Contains(body, " "+want+" slow") {
		t.Errorf("notification %q, want the offset as %q", body, want)
	}
}

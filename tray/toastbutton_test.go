package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// TestToastButtonMessage: a Windows toast's button reaches the tray as a
// message of a second start (desktop.ForwardToastURL) and does what the
// same button on a freedesktop notification does: copy, then say so in the
// same place. A message for a notice not shown now, or with a key we did
// not give, does nothing.
func TestToastButtonMessage(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.click(menu.KeyCode+"vip1", unix(vecBoundary-10))
	h.refresh(unix(vecBoundary))
	next := lastNotice(t, h)
	if len(next.Actions) != 1 {
		t.Fatalf("the new code's notice %+v has no button", next)
	}
	id := h.sys.lastNotice
	press := func(m string) {
		t.Helper()
		h.app.onMessage(m)
		select {
		case ev := <-h.app.loop.events:
			h.handle(ev, unix(vecBoundary+1))
		case <-time.After(5 * time.Second):
			t.Fatalf("the message %q made no event", m)
		}
	}

	h.sys.copied = nil
	for _, m := range []string{
		desktop.NoticeMessage(id+1, next.Actions[0].Key),
		desktop.NoticeMessage(id, "copy/nosuch"),
	} {
		press(m)
	}
	if len(h.sys.copied) != 0 {
		t.Fatalf("messages for another notice or token copied %v", h.sys.copied)
	}

	shown := len(h.sys.notices)
	press(desktop.NoticeMessage(id, next.Actions[0].Key))
	if want := []copied{{vecCodeAfter, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("the toast's Copy button copied %v, want %v", h.sys.copied, want)
	}
	if got := lastNotice(t, h); len(h.sys.notices) != shown+1 || got.Title != "Copied VIP Access" || got.Replaces != id {
		t.Errorf("after the button: %+v, want Copied VIP Access in the same place", got)
	}
}

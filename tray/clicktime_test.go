package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/tray/menu"
)

// A click copies the code valid when the click is handled, even when the
// menu still shows the previous one (a menu that was not redrawn, or a
// click just before the refresh at the boundary).
func TestClickCopiesTheCodeAtTheClick(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 0.5))
	if got := h.ui.label(t, menu.KeyCode+"vip1"); got != "VIP Access  081 804  · 1 s" {
		t.Fatalf("label before the boundary = %q", got)
	}
	// No refresh between the boundary and the click.
	h.app.handleEvent(event{kind: evClick, key: menu.KeyCode + "vip1"}, unix(vecBoundary).Add(time.Millisecond))
	h.settle()
	if want := []copied{{vecCodeAfter, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Fatalf("copied %v, want %v (the code after the boundary)", h.sys.copied, want)
	}
}

package tray

import (
	"strings"
	"testing"
)

// The newest report of the crashes since the last start is named, once; no
// crash, no notification.
func TestNoteCrash(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.settle()
	h.sys.toasts = nil
	h.app.noteCrash(nil)
	h.settle()
	if len(h.sys.toasts) != 0 {
		t.Errorf("toasts without a crash: %+v", h.sys.toasts)
	}
	h.app.noteCrash([]string{"/d/crash-20261201T100000Z.txt", "/d/crash-20261202T100000Z.txt"})
	h.settle()
	if len(h.sys.toasts) != 1 || h.sys.toasts[0].title != "otptray stopped unexpectedly" || !strings.Contains(h.sys.toasts[0].body, "/d/crash-20261202T100000Z.txt") {
		t.Errorf("toasts %+v", h.sys.toasts)
	}
}

//go:build windows

package systray

import (
	"bytes"
	"testing"
	"time"
)

// An item retitled while the menu is open shows its new title at once.
func TestOpenMenuShowsRetitledItem(t *testing.T) {
	if err := testTray(); err != nil {
		t.Fatal(err)
	}
	item := AddMenuItem("1111 1111", "")
	defer item.Remove()

	const WM_RBUTTONUP = 0x0205
	pPostMessage.Call(uintptr(wt.window), uintptr(wt.wmSystrayMessage), 0, WM_RBUTTONUP)
	var menu uintptr
	if !waitFor(5*time.Second, func() bool {
		open := wt.openMenus()
		if len(open) == 1 {
			menu = open[0]
		}
		return menu != 0
	}) {
		t.Fatal("the menu did not open")
	}
	defer func() {
		const WM_CANCELMODE = 0x001F
		pPostMessage.Call(uintptr(wt.window), WM_CANCELMODE, 0, 0)
		if !waitFor(5*time.Second, func() bool { return len(wt.openMenus()) == 0 }) {
			t.Error("the menu did not close")
		}
	}()

	// The menu as first drawn: the same pixels twice in a row.
	var before []byte
	if !waitFor(5*time.Second, func() bool {
		a, err := capture(menu)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		b, err := capture(menu)
		if err != nil {
			t.Fatal(err)
		}
		before = b
		return bytes.Equal(a, b)
	}) {
		t.Fatal("the open menu never stopped changing")
	}

	item.SetTitle("8888 8888")
	if !waitFor(3*time.Second, func() bool {
		after, err := capture(menu)
		if err != nil {
			t.Fatal(err)
		}
		return !bytes.Equal(after, before)
	}) {
		t.Fatal("the open menu still shows the old title 3 s after SetTitle")
	}
}

// Package hotkey registers otptray's global hotkey with
// golang.design/x/hotkey.
//
// On X11 that library also reports other keys as the hotkey whenever no
// window has the focus, so each report is checked against the keyboard's
// state first (internal/x11key). The library opens the X display when the
// program starts and panics without one: only cmd/otptray imports this
// package, never the CLI or a package whose tests run without a display.
package hotkey

import (
	"sync"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/tray/desktop"
)

// repeatGap is how long after a press further key events count as the same
// press (the key repeats while it is held).
const repeatGap = 300 * time.Millisecond

// Register makes h a global hotkey that calls fn each time it is pressed
// (fn runs on a goroutine of its own, one press after the other; key
// events less than 300 ms apart count as one press). The error names the
// combination and says where to change it; the caller shows it and keeps
// running. unregister releases the combination; it may be called more than
// once.
func Register(h desktop.Hotkey, fn func()) (unregister func(), err error) {
	var last time.Time
	press := func() {
		if now := time.Now(); now.Sub(last) >= repeatGap {
			last = now
			fn()
		}
	}
	stop, err := listen(h, press)
	if err != nil {
		return nil, i18n.E("desktop.hotkey.register", err, "Hotkey", h.Label())
	}
	var once sync.Once
	return func() { once.Do(stop) }, nil
}

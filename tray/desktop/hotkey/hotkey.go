// Package hotkey registers otptray's global hotkey.
//
// On Windows and macOS it uses golang.design/x/hotkey. On X11 it grabs the
// key itself (x11.go): that library opens the X display when the program
// starts and panics without one, and it also reports keys that are not the
// hotkey whenever no window has the focus. Only cmd/otptray imports this
// package.
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
		return nil, i18n.E("desktop.hotkey.register", err, "Hotkey", h.String())
	}
	var once sync.Once
	return func() { once.Do(stop) }, nil
}

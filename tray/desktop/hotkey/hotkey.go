// Package hotkey registers otptray's global hotkey.
//
// On X11 it grabs the combination itself over an X connection of its own
// (x11_other.go, with the keyboard logic in internal/x11key); on Windows and
// macOS it uses golang.design/x/hotkey (lib_winmac.go). That library is not used
// on X11: it opens the display in its init and panics without one, and it
// reports every key press as the hotkey while no window has the focus
// (golang-design/hotkey#48). So a program that links this package starts
// without a display too, and can say itself that it needs one
// (desktop.CheckDisplay).
package hotkey

import (
	"sync"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/tray/desktop"
)

// repeatGap is how long after a press further presses count as the same
// one (Windows repeats the hotkey while it is held).
const repeatGap = 300 * time.Millisecond

// errTaken is the error for a combination that another program holds.
var errTaken = msg.New("desktop.hotkey.taken", nil)

// Register makes h a global hotkey that calls fn each time it is pressed
// (fn runs on a goroutine of its own, one press after the other; presses
// less than 300 ms apart count as one). The error names the combination
// and says where to change it; the caller shows it and keeps running.
// unregister releases the combination; it may be called more than once.
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
		return nil, msg.New("desktop.hotkey.register", err, "Hotkey", h.Label())
	}
	var once sync.Once
	return func() { once.Do(stop) }, nil
}

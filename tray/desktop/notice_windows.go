package desktop

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"fyne.io/systray"
)

// noticeConn: whether a toast of ours was shown, and so may be left in the
// Action Center.
type noticeConn struct{ toasts bool }

// show shows nt as a toast (toast.go) whose tag is its ID: a notice that
// replaces another keeps the other's ID, so its toast takes the other's
// place, on the screen and in the Action Center. Its buttons start this
// program with an otptray: URL (protocol_windows.go); without that
// registration they are left out. Where there are no toasts, or the toast
// fails, the notice is a balloon of the tray's icon, without buttons.
//
// A new notice's ID is random, not counted: a button's URL can be opened
// by any program or web page, and counts only with the ID of the notice
// now shown (the tray checks it).
func (n *Notices) show(nt Notice) (uint32, error) {
	id := nt.Replaces
	if id == 0 {
		id = newNoticeID()
	}
	if toastsAvailable() {
		// Should the key not be writable, the toast is tried anyway:
		// an earlier run or go-toast may have registered the sender.
		_ = registerToastSender()
		if registerButtons() != nil {
			nt.Actions = nil
		}
		icon, _ := notifyIcon().(string)
		err := showToast(BuildToast(nt, id, icon), AppName)
		if err == nil {
			n.conn.toasts = true
			return id, nil
		}
		if n.Fallback != nil {
			n.Fallback(fmt.Errorf("toast %s: %w", toastTag(id), err))
		}
	}
	if err := systray.ShowBalloon(nt.Title, nt.Body); err != nil {
		return 0, err
	}
	return id, nil
}

// newNoticeID is a random ID other than 0.
func newNoticeID() uint32 {
	for {
		var b [4]byte
		rand.Read(b[:])
		if id := binary.LittleEndian.Uint32(b[:]); id != 0 {
			return id
		}
	}
}

// close takes our toasts out of the Action Center: their buttons work only
// while this tray runs.
func (n *Notices) close() error {
	if !n.conn.toasts {
		return nil
	}
	n.conn.toasts = false
	return removeToasts(toastGroup, AppName)
}

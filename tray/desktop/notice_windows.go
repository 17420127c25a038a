package desktop

import "fyne.io/systray"

// noticeConn: Windows keeps no state for notices.
type noticeConn struct{}

// show puts a Short notice in a balloon of the tray's own icon: a new
// balloon of an icon takes the place of the one it shows, which is what a
// confirmation wants. Other notices are toasts, as every notification
// (notify): they last in the Action Center.
// Neither has buttons here: toast buttons need an activator (a COM server
// registered for the app, or a URL protocol that starts the program), which
// otptray does not register, so Actions are left out.
func (n *Notices) show(nt Notice) (uint32, error) {
	if nt.Short {
		if err := systray.ShowBalloon(nt.Title, nt.Body); err == nil {
			return 0, nil
		}
	}
	return 0, notify(nt.Title, nt.Body)
}

func (n *Notices) close() error { return nil }

package desktop

import (
	"sync"

	"github.com/otptray/otptray/internal/msg"
)

// Notice is a notification that takes the place of an earlier one of ours
// (Replaces) instead of piling up beside it, and may offer buttons. The
// tray keeps one such place for what concerns copying: "Copied …" and the
// new codes after it replace each other.
type Notice struct {
	Title, Body string
	// Replaces is the ID that Notices.Show gave the notice this one
	// replaces; 0 replaces none.
	Replaces uint32
	// Actions are buttons, shown where the notification server has them
	// (the freedesktop "actions" capability); elsewhere they are left out.
	Actions []NoticeAction
	// Short: a confirmation, gone after a few seconds and kept out of the
	// server's history; else the server's own timeout.
	Short bool
}

// NoticeAction is a button of a Notice: Key comes back to the onAction
// function of NewNotices when the user presses it.
type NoticeAction struct{ Key, Label string }

// shortNoticeMillis is how long a Short notice shows, where the server lets
// us say.
const shortNoticeMillis = 4000

// Notices shows Notices. The per-OS part (notice_<os>.go) is show, close
// and the state noticeConn.
type Notices struct {
	// Fallback, if set, hears why a notice was shown a plainer way than
	// asked (Windows: a balloon without buttons instead of a toast).
	Fallback func(err error)
	onAction func(id uint32, key string)
	mu       sync.Mutex // serialises show and close
	conn     noticeConn
}

// NewNotices makes the notifier; it connects at the first Show. onAction is
// called, on a goroutine of its own, with the notice's ID and the action's
// key when the user presses a button (where the system has buttons).
func NewNotices(onAction func(id uint32, key string)) *Notices {
	return &Notices{onAction: onAction}
}

// Show shows nt and returns the ID it has (0 where the system gives none,
// which a later Replaces of 0 matches: a new notice).
func (n *Notices) Show(nt Notice) (uint32, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	id, err := n.show(nt)
	if err != nil {
		return 0, msg.New("desktop.notify", err)
	}
	return id, nil
}

// Close lets the connection go; a later Show connects again.
func (n *Notices) Close() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.close()
}

package tray

import (
	"fmt"
	"os"
	"time"

	"github.com/otptray/otptray/i18n"
)

// problem sets or clears a problem; a new one is also announced, since a
// menu line alone is easy to miss.
func (a *app) problem(kind string, err error) {
	old := a.problems[kind]
	if err == nil {
		delete(a.problems, kind)
		return
	}
	a.problems[kind] = err
	if (old == nil || old.Error() != err.Error()) && !toastedByName(kind) {
		loc := a.loc
		if loc == nil {
			loc = i18n.New(a.language(""))
		}
		a.notify(loc.T("tray.toast.problem_title"), loc.Err(err))
	}
}

// notify shows a notification. The notification server can be slow to
// answer (or never answer: the D-Bus call waits up to its timeout), so the
// call runs on the notifier queue, in order.
func (a *app) notify(title, body string) {
	sys := a.Sys
	a.effect(a.loop.notifier, func() func(time.Time) {
		if err := sys.Notify(title, body); err != nil {
			// Nowhere else to tell the user: the notification was the message.
			logf("notification %q not shown: %v", title, err)
		}
		return nil
	})
}

// logf reports what has no other place to go: a failed automatic check is
// not worth a notification.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "otptray: "+format+"\n", args...)
}

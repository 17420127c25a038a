package tray

import (
	"fmt"
	"os"
	"time"

	"github.com/otptray/otptray/i18n"
)

// problem sets or clears a problem; a new one is also announced, since a
// menu line alone is easy to miss, and its line shows only a short part of
// it. One the user hid is not announced again while it is the same error.
func (a *app) problem(kind string, err error) {
	old := a.problems[kind]
	if err == nil {
		delete(a.problems, kind)
		return
	}
	a.problems[kind] = err
	hidden, isHidden := a.hiddenProblems[kind]
	if isHidden && hidden != err.Error() {
		delete(a.hiddenProblems, kind) // another error: shown, and hidden no more
		isHidden = false
	}
	if (old == nil || old.Error() != err.Error()) && !isHidden && !toastedByName(kind) {
		a.showProblem(kind)
	}
}

// showProblem shows the whole message of the problem of kind in a
// notification ("Show whole message").
func (a *app) showProblem(kind string) {
	err := a.problems[kind]
	if err == nil {
		return
	}
	loc := a.loc
	if loc == nil {
		loc = i18n.New(a.language(""))
	}
	a.notify(loc.T("tray.toast.problem_title"), loc.Err(err))
}

// hideProblem hides the line of the problem of kind until the problem is
// another error ("Hide").
func (a *app) hideProblem(kind string) {
	err := a.problems[kind]
	if err == nil {
		return
	}
	if a.hiddenProblems == nil {
		a.hiddenProblems = map[string]string{}
	}
	a.hiddenProblems[kind] = err.Error()
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

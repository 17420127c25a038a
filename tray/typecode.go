package tray

import (
	"context"
	"errors"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
	"github.com/otptray/otptray/typing"
	"github.com/otptray/otptray/typing/template"
)

// errCannotType is the cause of a TypePlan error that says this desktop
// cannot type at all (Wayland without X, no Accessibility permission on
// macOS): the code is copied instead.
var errCannotType = errors.New("typing is not possible here")

// announceWait is the shortest wait of a plan that a notification
// announces: a shorter one ends before the user could read it.
const announceWait = time.Second

// typeState is the typing of a code under way.
type typeState struct {
	// cancel stops the plan being typed; nil when none is. A request to
	// type while one is typed is dropped: the two would interleave their
	// keys, and a key pressed during a wait already ends the first.
	cancel context.CancelFunc
}

// typeToken types the code of token id into the focused window, with the
// token's template. The plan is computed here, at now (so a code with less
// than the minimum left is replaced by the next one), and typed on a task;
// its outcome comes back on the loop.
func (a *app) typeToken(id string, now time.Time) {
	if a.typ.cancel != nil {
		return
	}
	t, tv, ok := a.usableView(id, now)
	if !ok {
		return
	}
	p := a.prefs()
	plan, err := a.planFor(*t, p, now)
	if err != nil {
		a.typingFailed(t.Name, err)
		return
	}
	code := tv.Window.Code
	a.codeUsed(t, tv)
	ctx, cancel := context.WithCancel(context.Background())
	a.typ.cancel = cancel
	sys, l, name := a.Sys, &a.loop, t.Name
	waiting := func(until time.Time) {
		// Typing before a wait takes milliseconds: the wait is measured
		// from the instant the plan was made.
		if until.Sub(now) <= announceWait {
			return
		}
		// On the task's goroutine: the notification is sent from the loop.
		l.deliver(event{kind: evDone, apply: func(time.Time) {
			a.notify(a.loc.T("traytype.title"), a.loc.T("traytype.waiting", "Name", name, "Time", until.Local().Format("15:04:05")))
		}})
	}
	a.task(func() func(time.Time) {
		_, err := sys.TypePlan(ctx, plan, waiting)
		return func(time.Time) {
			cancel()
			a.typ.cancel = nil
			a.typed(name, code, err)
		}
	})
}

// typeFromMenu types the code of token id from its menu entry: into the
// window the user was in before the menu opened, once the menu is gone
// and that window has the keyboard again (see system.AwaitMenuGone). The
// plan is made after the wait, so its code is the one of that instant.
func (a *app) typeFromMenu(id string) {
	sys := a.Sys
	a.task(func() func(time.Time) {
		sys.AwaitMenuGone()
		return func(now time.Time) { a.typeToken(id, now) }
	})
}

// planFor expands the template of t at now.
func (a *app) planFor(t token.Token, p prefs.Prefs, now time.Time) ([]template.Action, error) {
	steps, err := template.Parse(p.Token(t.ID).TemplateOf())
	if err != nil {
		return nil, err
	}
	t.Secret = a.keys.secrets[t.ID]
	offset := a.keys.data.Offset()
	codeAt := func(at time.Time) (string, time.Time) {
		w, err := t.WindowAt(at, offset)
		if err != nil {
			// The window of now was computed without error (the view),
			// and later ones differ only by the instant.
			return "", time.Time{}
		}
		if t.Kind == token.HOTP {
			return w.Code, time.Time{}
		}
		return w.Code, w.Until
	}
	id := ""
	if t.VIP != nil {
		id = token.CompactCredentialID(t.VIP.CredentialID)
	}
	minLeft := time.Duration(p.TypeMinLeftSeconds()) * time.Second
	return template.Expand(steps, codeAt, id, now, minLeft)
}

// typed applies the outcome of typing the code of token name: nothing to
// say on success; where typing is impossible, the code is copied instead.
func (a *app) typed(name, code string, err error) {
	switch {
	case err == nil:
	case errors.Is(err, errCannotType):
		if cerr := a.copyCode(code); cerr != nil {
			a.problem(menu.ProblemClipboard, wrap("tray.err.copy", cerr))
			a.typingFailed(name, err)
			return
		}
		a.notify(a.loc.T("traytype.title"), a.loc.T("traytype.copied_instead", "Name", name, "Err", a.loc.Err(err)))
	default:
		a.typingFailed(name, err)
	}
}

func (a *app) typingFailed(name string, err error) {
	a.notify(a.loc.T("traytype.title"), a.loc.T("traytype.failed", "Name", name, "Err", a.loc.Err(cancelReason(err))))
}

// cancelReason is, for a cancelled typing, only the message that says why
// (a key, a focus change): the sentinel and the context's error beneath it
// are plumbing, in English.
func cancelReason(err error) error {
	var m *msg.Error
	if !errors.Is(err, typing.ErrCancelled) || !errors.As(err, &m) {
		return err
	}
	return &msg.Error{ID: m.ID, Args: m.Args}
}

// stopTyping cancels the typing under way (the program ends).
func (a *app) stopTyping() {
	if a.typ.cancel != nil {
		a.typ.cancel()
	}
}

// viewOf is the view of token id at now.
// usableView is token id and its view at now, when it has a code to use;
// a token whose secret cannot be read is reported on the keyring's line.
func (a *app) usableView(id string, now time.Time) (*token.Token, menu.TokenView, bool) {
	t, ok := a.keys.data.ByID(id)
	if !ok {
		return nil, menu.TokenView{}, false
	}
	tv, ok := a.viewOf(id, now)
	if !ok {
		return nil, menu.TokenView{}, false
	}
	if tv.Err != nil {
		a.problem(menu.ProblemKeyring, tv.Err)
		return nil, menu.TokenView{}, false
	}
	return t, tv, true
}

func (a *app) viewOf(id string, now time.Time) (menu.TokenView, bool) {
	for _, v := range a.viewsAt(now) {
		if v.Token.ID == id {
			return v, true
		}
	}
	return menu.TokenView{}, false
}

package tray

import (
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// copyDefault copies the default token's code (icon click).
func (a *app) copyDefault(now time.Time) {
	if tv, ok := menu.DefaultView(a.viewsAt(now), a.keys.data.Default); ok {
		a.copyToken(tv.Token.ID, now)
	}
}

// copyToken puts the token's current code on the clipboard. A TOTP copy
// starts the "after a copy" notifications; an HOTP copy uses the code up,
// so the counter moves on: at once in memory, so that the next copy gives
// the next code, and in the file on the writer queue.
func (a *app) copyToken(id string, now time.Time) {
	t, tv, ok := a.usableView(id, now)
	if !ok {
		return
	}
	if err := a.copyCode(tv.Window.Code); err != nil {
		a.problem(menu.ProblemClipboard, wrap("tray.err.copy", err))
		return
	}
	a.problem(menu.ProblemClipboard, nil)
	a.noticeCopied(tv, now)
	if t.Kind != token.HOTP {
		a.announce[id] = tv.Window.Until.Add(time.Duration(t.Period) * time.Second)
		return
	}
	a.codeUsed(t, tv)
}

// codeUsed moves an HOTP token's counter on past the code of tv, which was
// copied or typed: at once in memory, so that the next use gives the next
// code, and in the file on the writer queue. A TOTP code stays.
func (a *app) codeUsed(t *token.Token, tv menu.TokenView) {
	if t.Kind != token.HOTP {
		return
	}
	id := t.ID
	used := tv.Window.Counter
	t.Counter = used + 1
	name := t.Name
	a.update(func(d *token.Data) error {
		if st, ok := d.ByID(id); ok && st.Counter == used {
			st.Counter = used + 1
		}
		return nil
	}, func(err error) {
		a.problem(menu.ProblemSettings, wrap("tray.err.counter", err, "Name", name))
	})
}

// copyCredentialID copies a VIP token's credential ID, as the bank's form
// wants it (no spaces).
func (a *app) copyCredentialID(id string) {
	if t, ok := a.keys.data.ByID(id); ok && t.VIP != nil {
		cred := token.CompactCredentialID(t.VIP.CredentialID)
		err := a.Sys.Copy(cred, 0)
		a.problem(menu.ProblemClipboard, wrap("tray.err.copy", err))
		if err == nil {
			a.noticeCopiedID(t.Name)
		}
	}
}

// announceChanges sends the toasts for codes that changed since the last
// refresh, as the Notify preference asks.
func (a *app) announceChanges(now time.Time) {
	mode := menu.NotifyMode(a.prefs())
	var lines, ids, names []string
	for _, tv := range a.views {
		if !menu.HasCountdown(tv) {
			continue
		}
		id := tv.Token.ID
		from, seen := a.lastFrom[id]
		a.lastFrom[id] = tv.Window.From
		if !seen || from.Equal(tv.Window.From) {
			continue
		}
		switch mode {
		case menu.NotifyChange:
		case menu.NotifyAfterCopy:
			until, ok := a.announce[id]
			if !ok {
				continue
			}
			if tv.Window.From.After(until) {
				delete(a.announce, id)
				continue
			}
		default:
			continue
		}
		lines = append(lines, a.loc.T("tray.toast.new_code", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code)))
		ids, names = append(ids, id), append(names, tv.Token.Name)
	}
	if len(lines) > 0 {
		a.newCodesNotice(lines, ids, names)
	}
}

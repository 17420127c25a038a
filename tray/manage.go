package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// removeConfirmFor is how long after "Remove…" its confirming entry is
// offered: long enough to open the menu again, short enough that a later
// stray click on the same place finds nothing.
const removeConfirmFor = 10 * time.Second

// removeState is a removal asked for and not yet confirmed.
type removeState struct {
	id    string
	until time.Time
}

// manage carries out the actions of a token's submenu.
func (a *app) manage(act menu.Action, now time.Time) {
	switch act := act.(type) {
	case menu.SetDefault:
		a.update(func(d *token.Data) error {
			if _, ok := d.ByID(act.TokenID); ok {
				d.Default = act.TokenID
			}
			return nil
		}, a.saveFailed)
	case menu.MoveToken:
		a.update(func(d *token.Data) error { return d.Move(act.TokenID, act.By) }, a.saveFailed)
	case menu.AskRemove:
		t, ok := a.keys.data.ByID(act.TokenID)
		if !ok {
			return
		}
		a.removing = removeState{id: t.ID, until: now.Add(removeConfirmFor)}
		a.notify(appName, a.loc.T("traymanage.armed", "Name", t.Name))
	case menu.RemoveToken:
		a.removeToken(act.TokenID, now)
	}
}

// removeToken removes the token whose removal was asked for moments ago,
// with its secret and its settings. A confirmation too late, or for
// another token, does nothing.
func (a *app) removeToken(id string, now time.Time) {
	armed := a.removing
	a.removing = removeState{}
	t, ok := a.keys.data.ByID(id)
	if !ok || armed.id != id || !now.Before(armed.until) {
		return
	}
	name, store := t.Name, a.Store
	a.effect(a.loop.writer, func() func(time.Time) {
		err := store.Remove(id, prefs.ForgetToken(id))
		return func(now time.Time) {
			if err != nil {
				a.notify(appName, a.loc.T("traymanage.remove_failed", "Name", name, "Err", a.loc.Err(err)))
			} else {
				a.notify(appName, a.loc.T("traymanage.removed", "Name", name))
			}
			a.reload(now)
		}
	})
}

// removeTick takes the confirming entry away once its time is over.
func (a *app) removeTick(now time.Time) {
	if a.removing.id != "" && !now.Before(a.removing.until) {
		a.removing = removeState{}
	}
}

func (a *app) saveFailed(err error) {
	a.problem(menu.ProblemSettings, wrap("tray.err.save", err))
}

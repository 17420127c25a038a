package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// confirmFor is how long after a first click ("Remove…", "New VIP
// credential…") its confirming entry is offered: long enough to open the
// menu again, short enough that a later stray click on the same place finds
// nothing.
const confirmFor = 10 * time.Second

// armNewVIP is what confirmState.what holds for a credential to create;
// otherwise it is the ID of a token to remove.
const armNewVIP = "vip/new"

// confirmState is the one action asked for and not yet confirmed.
type confirmState struct {
	what  string // a token ID, or armNewVIP; "" none
	until time.Time
}

// arm offers the confirming entry of what for confirmFor from now.
func (a *app) arm(what string, now time.Time) {
	a.confirming = confirmState{what: what, until: now.Add(confirmFor)}
}

// confirmed says whether what was armed and is confirmed in time; either
// way nothing stays armed.
func (a *app) confirmed(what string, now time.Time) bool {
	c := a.confirming
	a.confirming = confirmState{}
	return c.what == what && now.Before(c.until)
}

// confirmTick takes the confirming entry away once its time is over.
func (a *app) confirmTick(now time.Time) {
	if a.confirming.what != "" && !now.Before(a.confirming.until) {
		a.confirming = confirmState{}
	}
}

// armedRemoval is the token whose removal is offered, or "".
func (a *app) armedRemoval() string {
	if a.confirming.what == armNewVIP {
		return ""
	}
	return a.confirming.what
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
		a.arm(t.ID, now)
		a.notify(appName, a.loc.T("traymanage.armed", "Name", t.Name))
	case menu.RemoveToken:
		a.removeToken(act.TokenID, now)
	}
}

// removeToken removes the token whose removal was asked for moments ago,
// with its secret and its settings. A confirmation too late, or for
// another token, does nothing.
func (a *app) removeToken(id string, now time.Time) {
	if !a.confirmed(id, now) {
		return
	}
	t, ok := a.keys.data.ByID(id)
	if !ok {
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

func (a *app) saveFailed(err error) {
	a.problem(menu.ProblemSettings, wrap("tray.err.save", err))
}

package tray

import (
	"context"
	"strings"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
	"github.com/otptray/otptray/update"
)

// updateState is what the update check remembers.
type updateState struct {
	running     bool
	manual      bool           // the running check was asked for
	newer       *update.Result // a newer release, once known
	toldVersion string         // the newer version an automatic check toasted
	retry       time.Time      // after a failed automatic check
	stamped     bool           // the first run's date was queued for saving
}

// updateTimeout bounds a whole update check.
const updateTimeout = 30 * time.Second

// feedURL is the release feed the tray asks: the environment's, else the
// update_feed setting, else the project's releases.
func feedURL(env string, s token.Settings) string {
	for _, u := range []string{env, s.UpdateFeed} {
		if u = strings.TrimSpace(u); u != "" {
			return u
		}
	}
	return update.DefaultFeedURL
}

// checkUpdate asks the feed on a task. A manual check always says what it
// found; an automatic one speaks only of a newer release.
func (a *app) checkUpdate(manual bool) {
	if !a.Sys.Can().UpdateCheck {
		return
	}
	if a.upd.running {
		a.upd.manual = a.upd.manual || manual
		return
	}
	a.upd.running, a.upd.manual = true, manual
	sys, feed := a.Sys, feedURL(a.UpdateFeed, a.settings())
	a.task(func() func(time.Time) {
		ctx, cancel := context.WithTimeout(context.Background(), updateTimeout)
		defer cancel()
		res, err := sys.CheckUpdate(ctx, feed)
		return func(now time.Time) { a.updateChecked(res, err, now) }
	})
}

func (a *app) updateChecked(res update.Result, err error, now time.Time) {
	manual := a.upd.manual
	a.upd.running, a.upd.manual = false, false
	title := a.loc.T("update.menu")
	if err != nil {
		if manual {
			a.notify(title, a.loc.Err(err))
		} else {
			logf("automatic update check: %s", a.loc.Err(err))
			a.upd.retry = now.Add(retryAfter)
		}
		return
	}
	if !manual {
		a.savePrefs(func(p *prefs.Prefs) { p.UpdateChecked = now.UTC().Truncate(time.Second) })
	}
	switch {
	case res.Newer:
		a.upd.newer = &res
		if manual || a.upd.toldVersion != res.Latest {
			a.upd.toldVersion = res.Latest
			a.notify(a.loc.T("update.available", "Version", res.Latest), a.loc.T("update.available.body")+"\n"+res.URL)
		}
	case res.Dev:
		a.upd.newer = nil
		if manual {
			a.notify(title, a.loc.T("update.dev", "Version", res.Latest))
		}
	default:
		a.upd.newer = nil
		if manual {
			a.notify(title, a.loc.T("update.latest", "Version", a.Version))
		}
	}
}

// updateTick starts the daily automatic check (update.Due). A new
// installation starts counting at its first run instead of asking at once:
// what was just installed is recent enough, and a first start asks no
// server before the user has seen the menu.
func (a *app) updateTick(now time.Time) {
	p := a.prefs()
	if !a.Sys.Can().UpdateCheck || p.UpdateCheckOff || a.upd.running || a.problems[menu.ProblemLoad] != nil {
		return
	}
	last := p.UpdateChecked
	if last.IsZero() {
		if !a.upd.stamped {
			// Once: the write is queued, and the file read back later.
			a.upd.stamped = true
			a.savePrefs(func(p *prefs.Prefs) { p.UpdateChecked = now.UTC().Truncate(time.Second) })
		}
		return
	}
	if update.Due(last, now) && !now.Before(a.upd.retry) {
		a.checkUpdate(false)
	}
}

package tray

import (
	"context"
	"strings"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/update"
)

// Entry keys of the update check and the clock line.
const (
	KeyUpdateCheck = "update/check"          // in Help
	KeyUpdateOpen  = "update/open"           // "Download otptray 1.3.0…"
	KeyUpdateAuto  = "settings/update-check" // daily check on or off
	KeyClockStatus = "settings/clock-offset"
)

// Daily is how often the clock is re-checked (the update check's interval
// is update.Interval); Retry is how soon an automatic check that failed (no
// network yet) is tried again.
const (
	Daily = 24 * time.Hour
	Retry = time.Hour
	// resumeGrace lets the network come back after a resume before the
	// clock is asked about.
	resumeGrace = 30 * time.Second
	// updateTimeout bounds a whole update check.
	updateTimeout = 30 * time.Second
)

// FeedURL is the release feed the tray asks: the environment's, else the
// update_feed setting, else the project's releases.
func FeedURL(env string, s token.Settings) string {
	for _, u := range []string{env, s.UpdateFeed} {
		if u = strings.TrimSpace(u); u != "" {
			return u
		}
	}
	return update.DefaultFeedURL
}

// --- the menu -------------------------------------------------------------

// updateEntry is "Check for updates" in Help, or nothing when not offered.
func (b *builder) updateEntry() []Entry {
	f := b.in.Status.Features
	if !f.UpdateCheck {
		return nil
	}
	if f.UpdateRunning {
		return []Entry{disabled(KeyUpdateCheck, b.T("update.menu.checking"))}
	}
	return []Entry{item(KeyUpdateCheck, b.T("update.menu"))}
}

// downloadEntry is "Download otptray 1.3.0…", shown once a check found a
// newer release.
func (b *builder) downloadEntry() Entry {
	e := item(KeyUpdateOpen, "")
	e.Visible = false
	if n := b.in.Status.Features.Newer; n != nil {
		e.Label, e.Visible = b.T("update.available.open", "Version", n.Latest), true
		e.Tooltip = n.URL
	}
	return e
}

// featureSettings are the features' lines in Settings: the daily update
// check and how far the clock is off.
func (b *builder) featureSettings() []Entry {
	s := b.in.Settings
	es := []Entry{b.sep()}
	if b.in.Status.Features.UpdateCheck {
		es = append(es, check(KeyUpdateAuto, b.T("update.setting.auto"), !s.UpdateCheckOff))
	}
	return append(es, disabled(KeyClockStatus, b.clockLine(s)))
}

// --- the update check -----------------------------------------------------

// checkUpdate asks the feed beside the loop. A manual check always says
// what it found; an automatic one speaks only of a newer release.
func (a *App) checkUpdate(manual bool) {
	if a.CheckUpdate == nil {
		return
	}
	if a.ext.updateRunning {
		a.ext.updateManual = a.ext.updateManual || manual
		return
	}
	a.ext.updateRunning, a.ext.updateManual = true, manual
	check, feed, events := a.CheckUpdate, FeedURL(a.UpdateFeed, a.settings()), a.Events
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), updateTimeout)
		defer cancel()
		res, err := check(ctx, feed)
		events <- a.finish(func(now time.Time) { a.updateChecked(res, err, now) })
	}()
}

func (a *App) updateChecked(res update.Result, err error, now time.Time) {
	manual := a.ext.updateManual
	a.ext.updateRunning, a.ext.updateManual = false, false
	title := a.loc.T("update.menu")
	if err != nil {
		if manual {
			a.notify(title, a.loc.Err(err))
		} else {
			logf("automatic update check: %s", a.loc.Err(err))
			a.ext.updateRetry = now.Add(Retry)
		}
		return
	}
	if !manual {
		a.saveSettings(now, func(s *token.Settings) { s.UpdateChecked = now.UTC().Truncate(time.Second) })
	}
	switch {
	case res.Newer:
		a.ext.newer = &res
		if manual || a.ext.toldVersion != res.Latest {
			a.ext.toldVersion = res.Latest
			a.notify(a.loc.T("update.available", "Version", res.Latest), a.loc.T("update.available.body")+"\n"+res.URL)
		}
	case res.Dev:
		a.ext.newer = nil
		if manual {
			a.notify(title, a.loc.T("update.dev", "Version", res.Latest))
		}
	default:
		a.ext.newer = nil
		if manual {
			a.notify(title, a.loc.T("update.latest", "Version", a.Version))
		}
	}
}

// updateTick starts the daily automatic check (update.Due). A new
// installation starts counting at its first run instead of asking at once:
// what was just installed is recent enough, and a first start asks no
// server before the user has seen the menu.
func (a *App) updateTick(now time.Time) {
	s := a.settings()
	if a.CheckUpdate == nil || s.UpdateCheckOff || a.ext.updateRunning || a.problems[ProblemLoad] != nil {
		return
	}
	last := s.UpdateChecked
	if last.IsZero() {
		a.saveSettings(now, func(s *token.Settings) { s.UpdateChecked = now.UTC().Truncate(time.Second) })
		return
	}
	if update.Due(last, now) && !now.Before(a.ext.updateRetry) {
		a.checkUpdate(false)
	}
}

// dueDaily says whether a daily job last run at last is due at now; a last
// run in the future (the clock was set back) counts as due.
func dueDaily(last, now time.Time) bool {
	return !now.Before(last.Add(Daily)) || last.After(now.Add(time.Minute))
}

// --- the clock's re-check -------------------------------------------------

// Jumped says, from the time that passed between two refreshes by the wall
// clock and by the monotonic clock, whether the computer slept or the wall
// clock was set: on Linux the monotonic clock stands still during a
// suspend, elsewhere a long gap between two one-second waits tells it.
func Jumped(wall, mono time.Duration) bool {
	d := wall - mono
	return d > 2*time.Second || d < -2*time.Second || mono > time.Minute
}

// elapsed is the time from prev to now by the wall clock and by the
// monotonic clock; ok is false unless both instants carry a monotonic
// reading (time.Now's do; Round(0) strips it).
func elapsed(prev, now time.Time) (wall, mono time.Duration, ok bool) {
	if prev.IsZero() || prev == prev.Round(0) || now == now.Round(0) {
		return 0, 0, false
	}
	return now.Round(0).Sub(prev.Round(0)), now.Sub(prev), true
}

// clockTick re-checks the clock daily and shortly after a resume or a jump
// of the wall clock, but only for a user who asked for correction once:
// "Sync clock" stored a check (ClockChecked). `otptray-cli time --reset`
// forgets it, and the re-checks stop.
func (a *App) clockTick(now time.Time) {
	prev := a.ext.lastTick
	a.ext.lastTick = now
	if wall, mono, ok := elapsed(prev, now); ok && Jumped(wall, mono) {
		a.resumed(now)
	}
	s := a.settings()
	if a.MeasureClock == nil || a.clockRunning || s.ClockChecked.IsZero() || a.problems[ProblemLoad] != nil {
		return
	}
	resumed := !a.ext.clockDue.IsZero() && !now.Before(a.ext.clockDue)
	if (resumed || dueDaily(s.ClockChecked, now)) && !now.Before(a.ext.clockRetry) {
		a.ext.clockDue = time.Time{}
		a.recheckClock()
	}
}

// resumed asks for a clock check a little after now: the network may take
// a moment to come back after a resume.
func (a *App) resumed(now time.Time) {
	a.ext.clockDue = now.Round(0).Add(resumeGrace)
}

// recheckClock measures the clock beside the loop, quietly: only a changed
// offset is told.
func (a *App) recheckClock() {
	a.clockRunning, a.ext.clockAuto = true, true
	measure, events := a.MeasureClock, a.Events
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), clockTimeout)
		defer cancel()
		r, err := measure(ctx)
		events <- a.finish(func(now time.Time) { a.clockRechecked(&ClockResult{r, err}, now) })
	}()
}

func (a *App) clockRechecked(c *ClockResult, now time.Time) {
	quiet := a.ext.clockAuto
	a.clockRunning, a.ext.clockAuto = false, false
	if !quiet {
		// The user clicked "Sync clock" meanwhile: told in full.
		a.clockMeasured(c, now)
		return
	}
	if c.Err != nil {
		logf("automatic clock check: %s", a.loc.Err(c.Err))
		a.ext.clockRetry = now.Add(Retry)
		return
	}
	old := a.data.Offset()
	stored := c.Result.Stored()
	if d := stored - old; d > time.Second || d < -time.Second {
		// Told as a manual check tells it.
		a.clockMeasured(c, now)
		return
	}
	a.saveSettings(now, func(s *token.Settings) {
		s.ClockOffset = stored.Seconds()
		s.ClockSource = c.Result.Source
		s.ClockChecked = now.UTC().Truncate(time.Second)
	})
}

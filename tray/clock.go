package tray

import (
	"context"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/menu"
)

// clockState is what Sync clock and the automatic re-check remember.
type clockState struct {
	running  bool
	auto     bool      // the running check is an automatic one
	lastTick time.Time // the previous refresh, with its monotonic reading
	due      time.Time // a re-check is wanted from then (after a resume)
	retry    time.Time // after a failed automatic re-check
}

// clockTimeout bounds a whole clock check (each server has its own
// shorter timeout).
const clockTimeout = 30 * time.Second

// daily is how often the clock is re-checked (the update check's interval
// is update.Interval); retryAfter is how soon an automatic check that failed (no
// network yet) is tried again.
const (
	daily      = 24 * time.Hour
	retryAfter = time.Hour
	// resumeGrace lets the network come back after a resume before the
	// clock is asked about.
	resumeGrace = 30 * time.Second
)

// clockConfig is where "Sync clock" asks for the time: the defaults, or
// the servers in OTPTRAY_NTP_SERVERS (comma-separated; "off" for none) and
// the HTTPS page in OTPTRAY_TIME_URL ("off" for none), as otptray-cli's
// time command reads them, for networks that block the public servers.
func clockConfig(version string, getenv func(string) string) clocksync.Config {
	return clocksync.ConfigFromEnv("otptray/"+version, getenv)
}

// syncClock is the click on "Sync clock": a check beside the loop (it waits
// for the network), whose result is told in full. A click while an
// automatic check runs makes that one told in full.
func (a *app) syncClock() {
	if a.clock.running {
		a.clock.auto = false
		return
	}
	if !a.Sys.Can().ClockSync {
		return
	}
	a.measureClock(false)
}

// measureClock runs a clock check on a task.
func (a *app) measureClock(auto bool) {
	a.clock.running, a.clock.auto = true, auto
	sys := a.Sys
	a.task(func() func(time.Time) {
		ctx, cancel := context.WithTimeout(context.Background(), clockTimeout)
		defer cancel()
		r, err := sys.MeasureClock(ctx)
		return func(now time.Time) { a.clockChecked(r, err, now) }
	})
}

func (a *app) clockChecked(r clocksync.Result, err error, now time.Time) {
	quiet := a.clock.auto
	a.clock.running, a.clock.auto = false, false
	if !quiet {
		a.clockMeasured(r, err, now)
		return
	}
	if err != nil {
		logf("automatic clock check: %s", a.loc.Err(err))
		a.clock.retry = now.Add(retryAfter)
		return
	}
	old := a.keys.data.Offset()
	stored := r.Stored()
	if d := stored - old; d > time.Second || d < -time.Second {
		// Told as a manual check tells it.
		a.clockMeasured(r, nil, now)
		return
	}
	a.saveClock(r, now, nil)
}

// saveClock stores the offset r found, then calls then (if not nil).
func (a *app) saveClock(r clocksync.Result, now time.Time, then func()) {
	stored := r.Stored()
	a.update(func(d *token.Data) error {
		d.Settings.SetClock(stored, r.Source, now)
		return nil
	}, func(err error) {
		a.problem(menu.ProblemSettings, wrap("tray.err.save", err))
		if then != nil {
			then()
		}
	})
}

// clockMeasured keeps the offset a clock check found and says what it found.
func (a *app) clockMeasured(r clocksync.Result, err error, now time.Time) {
	if err != nil {
		a.problem(menu.ProblemClock, wrap("tray.err.clock", err))
		return
	}
	a.problem(menu.ProblemClock, nil)
	stored := r.Stored()
	var body string
	switch {
	case stored == 0:
		body = a.loc.T("tray.clock.right", "Offset", a.duration(r.Offset), "Source", r.Source)
	case stored < 0:
		body = a.loc.T("tray.clock.fast", "Offset", a.duration(-stored), "Source", r.Source)
	default:
		body = a.loc.T("tray.clock.slow", "Offset", a.duration(stored), "Source", r.Source)
	}
	// Told once it is stored: from then on the codes shown follow it.
	title := a.loc.T("tray.clock.title")
	a.saveClock(r, now, func() { a.notify(title, body) })
}

// duration writes an offset in the user's language: "37 s", "2 min 5 s".
func (a *app) duration(d time.Duration) string { return clocksync.Text(a.loc.T, d) }

// dueDaily says whether a daily job last run at last is due at now; a last
// run in the future (the clock was set back) counts as due.
func dueDaily(last, now time.Time) bool {
	return !now.Before(last.Add(daily)) || last.After(now.Add(time.Minute))
}

// jumped says, from the time that passed between two refreshes by the wall
// clock and by the monotonic clock, whether the computer slept or the wall
// clock was set: on Linux the monotonic clock stands still during a
// suspend, elsewhere a long gap between two one-second waits tells it.
func jumped(wall, mono time.Duration) bool {
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
func (a *app) clockTick(now time.Time) {
	prev := a.clock.lastTick
	a.clock.lastTick = now
	if wall, mono, ok := elapsed(prev, now); ok && jumped(wall, mono) {
		a.resumed(now)
	}
	s := a.settings()
	if !a.Sys.Can().ClockSync || a.clock.running || s.ClockChecked.IsZero() || a.problems[menu.ProblemLoad] != nil {
		return
	}
	resumed := !a.clock.due.IsZero() && !now.Before(a.clock.due)
	if (resumed || dueDaily(s.ClockChecked, now)) && !now.Before(a.clock.retry) {
		a.clock.due = time.Time{}
		a.measureClock(true)
	}
}

// resumed asks for a clock check a little after now: the network may take
// a moment to come back after a resume.
func (a *app) resumed(now time.Time) {
	a.clock.due = now.Round(0).Add(resumeGrace)
}

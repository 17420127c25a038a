package menu

import "time"

// MaxSleep bounds every wait of the run loop: after a suspend or a jump of
// the wall clock, the menu is right again within this time, and changes to
// the tokens file are noticed.
const MaxSleep = time.Second

// NextChange is the first instant after now at which something the menu
// shows changes: a countdown drops a second, or a code expires. Countdowns
// are aligned to each window's end, not to whole wall-clock seconds, so a
// fractional clock offset moves them too. It is zero when nothing visible
// depends on time (no tokens, or only HOTP ones).
func NextChange(tvs []TokenView, now time.Time) time.Time {
	var next time.Time
	for _, tv := range tvs {
		if !HasCountdown(tv) {
			continue
		}
		t := nextTick(tv.Window.Until, now)
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// nextTick is the first instant after now at which SecondsLeft(until, ·)
// changes: until minus a whole number of seconds.
func nextTick(until, now time.Time) time.Time {
	left := until.Sub(now)
	if left <= 0 {
		// The window is over: the caller recomputes it at once.
		return now
	}
	n := SecondsLeft(until, now)
	return until.Add(-time.Duration(n-1) * time.Second)
}

// Wake is when the run loop should next look: NextChange, but never later
// than MaxSleep from now.
func Wake(tvs []TokenView, now time.Time) time.Time {
	limit := now.Add(MaxSleep)
	if next := NextChange(tvs, now); !next.IsZero() && next.Before(limit) {
		return next
	}
	return limit
}

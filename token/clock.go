package token

import (
	"math"
	"time"
)

// OffsetFromSeconds turns a stored offset in (possibly fractional) seconds
// into a Duration.
func OffsetFromSeconds(s float64) time.Duration {
	// Beyond ±292 years a Duration overflows; such an offset is no correction.
	if math.IsNaN(s) || math.IsInf(s, 0) || math.Abs(s) > float64(math.MaxInt64/int64(time.Second)) {
		return 0
	}
	return time.Duration(math.Round(s * float64(time.Second)))
}

// CeilSeconds is d in whole seconds, rounded up as a countdown shows it
// (1.2 s left is "2"); 0 once d is not positive.
func CeilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// SetClock records a clock check: the offset to keep (0 to reset), where it
// was measured, and when (zero with a reset). The time is kept in UTC to the
// second, as the file shows it.
func (s *Settings) SetClock(offset time.Duration, source string, checked time.Time) {
	s.ClockOffset = offset.Seconds()
	s.ClockSource = source
	s.ClockChecked = checked
	if !checked.IsZero() {
		s.ClockChecked = checked.UTC().Truncate(time.Second)
	}
}

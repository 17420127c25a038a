package token

import (
	"math"
	"time"
)

// Clock gives the local instant and the offset to true time that every code
// applies. Tests set Now to a fake.
type Clock struct {
	Now    func() time.Time
	Offset time.Duration // add to the local clock to get true time
}

// Window is t's window at this clock's now.
func (c Clock) Window(t Token) (Window, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	return t.WindowAt(now(), c.Offset)
}

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

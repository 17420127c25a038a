package token

import (
	"testing"
	"time"
)

func TestCeilSeconds(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want int
	}{
		{30 * time.Second, 30},
		{29*time.Second + time.Nanosecond, 30},
		{1200 * time.Millisecond, 2},
		{time.Nanosecond, 1},
		{0, 0},
		{-1500 * time.Millisecond, 0},
		{-3 * time.Second, 0},
	} {
		if got := CeilSeconds(tt.d); got != tt.want {
			t.Errorf("CeilSeconds(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}
func TestSetClock(t *testing.T) {
	var s Settings
	at := time.Date(2026, 12, 3, 9, 30, 15, 700e6, time.FixedZone("JST", 9*3600))
	s.SetClock(-2500*time.Millisecond, "ntp.example", at)
	if s.ClockOffset != -2.5 || s.ClockSource != "ntp.example" {
		t.Errorf("offset %v source %q, want -2.5 and ntp.example", s.ClockOffset, s.ClockSource)
	}
	if want := time.Date(2026, 12, 3, 0, 30, 15, 0, time.UTC); !s.ClockChecked.Equal(want) || s.ClockChecked.Location() != time.UTC {
		t.Errorf("checked %v, want %v in UTC", s.ClockChecked, want)
	}
	s.SetClock(0, "", time.Time{})
	if s.ClockOffset != 0 || s.ClockSource != "" || !s.ClockChecked.IsZero() {
		t.Errorf("after a reset: %+v", s)
	}
}

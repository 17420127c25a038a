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

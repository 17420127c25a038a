package menu

import (
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

func TestClockLine(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		s    token.Settings
		want string
	}{
		{token.Settings{}, "Clock not checked (use “Sync clock”)"},
		{token.Settings{ClockOffset: -37, ClockChecked: now}, "Clock is 37 s fast — corrected"},
		{token.Settings{ClockOffset: 125.2, ClockChecked: now}, "Clock is 2 min 5 s slow — corrected"},
		{token.Settings{ClockChecked: now.Add(-time.Hour)}, "Clock is right (checked 2026-11-25)"},
	} {
		in := input(t, "en", now, 0)
		in.Settings = tt.s
		e := mustFind(t, Build(in).Entries, KeyClockStatus)
		if e.Label != tt.want || e.Enabled || !e.Visible {
			t.Errorf("%+v: %+v, want %q", tt.s, e, tt.want)
		}
	}
	in := input(t, "ja", now, 0)
	in.Settings = token.Settings{ClockOffset: -37, ClockChecked: now}
	if e := mustFind(t, Build(in).Entries, KeyClockStatus); e.Label != "時計が 37 秒 進んでいます（補正済み）" {
		t.Errorf("ja: %q", e.Label)
	}
}

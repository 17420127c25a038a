package template

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
)

// t0 is a period boundary of a 30 s token.
var t0 = time.Unix(1_700_000_010, 0).UTC()

// periodic is a fake time-based token of 30 s periods: its code at t names
// the period, so a test sees which period each code is from.
func periodic(t time.Time) (string, time.Time) {
	n := t.Unix() / 30
	return fmt.Sprintf("c%d", n-t0.Unix()/30), time.Unix((n+1)*30, 0).UTC()
}

// counter is a fake counter-based token: its code does not expire.
func counter(time.Time) (string, time.Time) { return "755224", time.Time{} }

func TestExpand(t *testing.T) {
	type A = Action
	typed := func(s string) A { return A{Kind: TypeText, Text: s} }
	wait := func(d time.Duration) A { return A{Kind: WaitUntil, Until: t0.Add(d)} }
	tab, enter := A{Kind: PressTab}, A{Kind: PressEnter}
	tests := []struct {
		name    string
		tmpl    string
		at      time.Duration // after t0
		minLeft time.Duration
		want    []Action
	}{
		{"code", Default, 10 * time.Second, DefaultMinLeft, []A{typed("c0")}},
		{"code at the boundary", Default, 0, DefaultMinLeft, []A{typed("c0")}},
		{"code with exactly 3 s left", Default, 27 * time.Second, DefaultMinLeft, []A{typed("c0")}},
		{"code about to expire waits for the next", Default, 27*time.Second + time.Millisecond, DefaultMinLeft,
			[]A{wait(30 * time.Second), typed("c1")}},
		{"code with 2 s left waits", "{code}{enter}", 28 * time.Second, DefaultMinLeft,
			[]A{wait(30 * time.Second), typed("c1"), enter}},
		{"min left is a parameter", Default, 25 * time.Second, 10 * time.Second,
			[]A{wait(30 * time.Second), typed("c1")}},
		{"min left zero types the last instant", Default, 30*time.Second - time.Nanosecond, 0, []A{typed("c0")}},
		{"next", "{next}", 29 * time.Second, DefaultMinLeft, []A{typed("c1")}},
		{"code and next", "{code} {next}", 5 * time.Second, DefaultMinLeft, []A{typed("c0 c1")}},
		{"registration form", VIPRegistration, 5 * time.Second, DefaultMinLeft,
			[]A{typed("SYMC12345678"), tab, typed("c0"), tab, wait(30 * time.Second), typed("c1")}},
		{"registration form late in the period", VIPRegistration, 29 * time.Second, DefaultMinLeft,
			[]A{wait(30 * time.Second), typed("SYMC12345678"), tab, typed("c1"), tab, wait(60 * time.Second), typed("c2")}},
		{"wait first types the new code, early or late", "{wait}{code}", 29 * time.Second, DefaultMinLeft,
			[]A{wait(30 * time.Second), typed("c1")}},
		{"two waits", "{code}{wait}{wait}{code}{next}", time.Second, DefaultMinLeft,
			[]A{typed("c0"), wait(30 * time.Second), wait(60 * time.Second), typed("c2c3")}},
		{"literal text", "x{{{code}}}", time.Second, DefaultMinLeft, []A{typed("x{c0}")}},
	}
	for _, tt := range tests {
		steps, err := Parse(tt.tmpl)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Expand(steps, periodic, "SYMC12345678", t0.Add(tt.at), tt.minLeft)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Expand(%q) at t0+%v =\n%+v\nwant\n%+v", tt.name, tt.tmpl, tt.at, got, tt.want)
		}
	}
}

func TestExpandCounter(t *testing.T) {
	steps, _ := Parse("{code}{enter}")
	got, err := Expand(steps, counter, "", t0, DefaultMinLeft)
	want := []Action{{Kind: TypeText, Text: "755224"}, {Kind: PressEnter}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(counter) = %+v, %v; want %+v", got, err, want)
	}
}

func TestExpandRefuses(t *testing.T) {
	tests := []struct {
		tmpl   string
		codeAt CodeAt
		id     string
		want   string
	}{
		{VIPRegistration, periodic, "", "the template types {id}, but this token has no credential ID"},
		{"{code}{wait}{code}", counter, "", "the template has {wait} or {next}, but this token's code does not change with time"},
		{"{next}", counter, "", "the template has {wait} or {next}, but this token's code does not change with time"},
	}
	for _, tt := range tests {
		steps, err := Parse(tt.tmpl)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Expand(steps, tt.codeAt, tt.id, t0, DefaultMinLeft)
		if err == nil {
			t.Errorf("Expand(%q) = %+v, want an error", tt.tmpl, plan)
			continue
		}
		if got := i18n.English().Err(err); got != tt.want {
			t.Errorf("Expand(%q): %q\nwant %q", tt.tmpl, got, tt.want)
		}
	}
}

package foreground

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

func TestPick(t *testing.T) {
	edge := Window{Title: "JWEBOFFICE - Microsoft Edge", Program: "msedge.exe", ID: 1}
	firefox := Window{Title: "Bank of Example — Mozilla Firefox", Program: "firefox", ID: 2}
	term := Window{Title: "ssh vpn.example", Program: "xterm", ID: 3}
	tests := []struct {
		name   string
		tokens []TokenRules
		w      Window
		want   string // "" means no token matches
	}{
		{"no tokens", nil, edge, ""},
		{"no rules", []TokenRules{{ID: "a"}}, edge, ""},
		{"title part", []TokenRules{{ID: "a", Rules: []string{"JWEBOFFICE"}}}, edge, "a"},
		{"title ignores case", []TokenRules{{ID: "a", Rules: []string{"jweboffice"}}}, edge, "a"},
		{"program", []TokenRules{{ID: "a", Rules: []string{"msedge.exe"}}}, edge, "a"},
		{"program ignores case", []TokenRules{{ID: "a", Rules: []string{"MSEdge.EXE"}}}, edge, "a"},
		{"program part", []TokenRules{{ID: "a", Rules: []string{"msedge"}}}, edge, "a"},
		{"non-ASCII case", []TokenRules{{ID: "a", Rules: []string{"BANK OF EXAMPLE — MOZILLA"}}}, firefox, "a"},
		{"no match", []TokenRules{{ID: "a", Rules: []string{"msedge.exe", "JWEBOFFICE"}}}, firefox, ""},
		{"not across title and program", []TokenRules{{ID: "a", Rules: []string{"Edge msedge"}}}, edge, ""},
		{"empty rule matches nothing", []TokenRules{{ID: "a", Rules: []string{"", "  "}}}, edge, ""},
		{"spaces around are trimmed", []TokenRules{{ID: "a", Rules: []string{"  firefox "}}}, firefox, "a"},
		{"second rule of a token", []TokenRules{{ID: "a", Rules: []string{"chrome", "xterm"}}}, term, "a"},
		{"the matching token of several",
			[]TokenRules{{ID: "a", Rules: []string{"firefox"}}, {ID: "b", Rules: []string{"xterm"}}}, term, "b"},
		{"longest rule wins over menu order",
			[]TokenRules{{ID: "a", Rules: []string{"msedge.exe"}}, {ID: "b", Rules: []string{"JWEBOFFICE - Microsoft"}}}, edge, "b"},
		{"longest rule wins, either order",
			[]TokenRules{{ID: "b", Rules: []string{"JWEBOFFICE - Microsoft"}}, {ID: "a", Rules: []string{"msedge.exe"}}}, edge, "b"},
		{"longest counts characters, not bytes",
			[]TokenRules{{ID: "a", Rules: []string{"Bank of"}}, {ID: "b", Rules: []string{"e — Mo"}}}, firefox, "a"},
		{"a tie goes to the first in menu order",
			[]TokenRules{{ID: "a", Rules: []string{"msedge"}}, {ID: "b", Rules: []string{"JWEBOF"}}}, edge, "a"},
		{"a tie, other order",
			[]TokenRules{{ID: "b", Rules: []string{"JWEBOF"}}, {ID: "a", Rules: []string{"msedge"}}}, edge, "b"},
		{"a window without title or program", []TokenRules{{ID: "a", Rules: []string{"x"}}}, Window{ID: 4}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := Pick(tt.tokens, tt.w)
			if ok != (tt.want != "") || id != tt.want {
				t.Errorf("Pick = %q, %v; want %q, %v", id, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestSame(t *testing.T) {
	a := Window{Title: "a", Program: "p", ID: 7}
	if !Same(a, Window{Title: "a new title", Program: "p", ID: 7}) {
		t.Error("a window with a new title is not the same window")
	}
	if Same(a, Window{Title: "a", Program: "p", ID: 8}) {
		t.Error("another window with the same title is the same window")
	}
	if Same(Window{}, Window{}) {
		t.Error("two unknown windows are the same window")
	}
}

func TestCheckRule(t *testing.T) {
	for _, rule := range []string{"", " ", "\t"} {
		var e *msg.Error
		if err := CheckRule(rule); !errors.As(err, &e) || e.ID != "foreground.rule.empty" {
			t.Errorf("CheckRule(%q) = %v, want foreground.rule.empty", rule, err)
		}
	}
	for _, rule := range []string{"msedge.exe", "JWEBOFFICE", "x"} {
		if err := CheckRule(rule); err != nil {
			t.Errorf("CheckRule(%q) = %v", rule, err)
		}
	}
}

// fakeFront is a window in front that a test switches.
type fakeFront struct {
	calls atomic.Int32
	after int32 // the call from which the window in front is next, else w
	w     Window
	next  Window
	err   error // returned from call after on, instead of next, when set
}

func (f *fakeFront) current() (Window, error) {
	if f.calls.Add(1) < f.after {
		return f.w, nil
	}
	return f.next, f.err
}

func TestWaitChange(t *testing.T) {
	w := Window{Title: "bank", ID: 1}
	t.Run("another window", func(t *testing.T) {
		f := &fakeFront{after: 3, w: w, next: Window{Title: "other", ID: 2}}
		if err := waitChange(context.Background(), w, time.Millisecond, f.current); err != nil {
			t.Fatal(err)
		}
		if got := f.calls.Load(); got != 3 {
			t.Errorf("returned after %d checks, want 3", got)
		}
	})
	t.Run("new title, same window", func(t *testing.T) {
		f := &fakeFront{after: 2, w: w, next: Window{Title: "bank - step 2", ID: 1}}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- waitChange(ctx, w, time.Millisecond, f.current) }()
		for f.calls.Load() < 5 {
			time.Sleep(time.Millisecond)
		}
		select {
		case err := <-done:
			t.Fatalf("returned %v on a title change", err)
		default:
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("after cancel: %v, want context.Canceled", err)
		}
	})
	t.Run("no window in front", func(t *testing.T) {
		f := &fakeFront{after: 2, w: w, err: msg.New("foreground.none", nil)}
		if err := waitChange(context.Background(), w, time.Millisecond, f.current); err != nil {
			t.Fatal(err)
		}
	})
}

package tray

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/menu"
)

// problemToasts are the notifications of problems sent so far.
func (h *harness) problemToasts() []toast {
	var out []toast
	for _, n := range h.sys.toasts {
		if n.title == "otptray: something needs your attention" {
			out = append(out, n)
		}
	}
	return out
}

// TestShowAndHideProblem: two problems share one line, "⚠ Problems (2)";
// Show whole message sends the whole text, Hide takes the line away (no
// rebuild) until the problem is another error, and a hidden problem that
// goes and comes back the same is not announced again.
func TestShowAndHideProblem(t *testing.T) {
	h := newHarness(t, vipToken())
	clockErr := errors.New("no time server answered (ntp pool.ntp.org: lookup pool.ntp.org on 10.255.255.53:53: no such host)")
	h.sys.measure = func(ctx context.Context) (clocksync.Result, error) {
		if clockErr != nil {
			return clocksync.Result{}, clockErr
		}
		return clocksync.Result{Source: "ntp:127.0.0.1"}, nil
	}
	now := unix(vecBoundary - 10)
	h.start(now)
	syncClock := func() {
		t.Helper()
		h.click(menu.KeySyncClock, now)
		h.next(t, now)
		h.refresh(now)
	}
	h.sys.copyErr = errors.New("clipboard busy")
	h.click(menu.KeyCode+"vip1", now)
	syncClock()
	if got := h.ui.label(t, menu.KeyProblems); got != "⚠ Problems (2)" {
		t.Fatalf("problems line %q", got)
	}
	clock := h.ui.entries[menu.KeyProblem+menu.ProblemClock]
	whole := "cannot check the clock: " + clockErr.Error()
	if !clock.Visible || clock.Parent != menu.KeyProblems || token.Columns(clock.Label) > menu.ProblemColumns || clock.Tooltip != whole {
		t.Errorf("clock problem %+v", clock.Entry)
	}
	if n := len(h.problemToasts()); n != 2 {
		t.Fatalf("%d problem notifications, want one for each problem: %v", n, h.sys.toasts)
	}
	rebuilds := h.ui.rebuilds

	h.click(menu.KeyProblemShow+menu.ProblemClock, now)
	h.settle()
	toasts := h.problemToasts()
	if len(toasts) != 3 || toasts[2].body != whole {
		t.Errorf("Show whole message sent %v, want %q", toasts, whole)
	}

	h.click(menu.KeyProblemHide+menu.ProblemClock, now)
	if h.ui.entries[menu.KeyProblem+menu.ProblemClock].Visible {
		t.Error("the clock problem is still shown after Hide")
	}
	if got, want := h.ui.label(t, menu.KeyProblems), "⚠ cannot copy to the clipboard: clipboard busy"; got != want {
		t.Errorf("problems line %q, want %q", got, want)
	}

	// The clock is checked: gone; fails again the same way: still hidden
	// and not announced.
	clockErr = nil
	syncClock()
	clockErr = errors.New(strings.TrimPrefix(whole, "cannot check the clock: "))
	syncClock()
	if h.ui.entries[menu.KeyProblem+menu.ProblemClock].Visible || len(h.problemToasts()) != 3 {
		t.Errorf("the hidden problem back unchanged: shown %v, notifications %v", h.ui.entries[menu.KeyProblem+menu.ProblemClock].Visible, h.problemToasts())
	}

	// Another error: shown and announced again.
	clockErr = errors.New("no time server answered in time")
	syncClock()
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemClock]; !e.Visible || e.Label != "cannot check the clock: no time server answered in time" {
		t.Errorf("another clock error: %+v", e.Entry)
	}
	if got := h.ui.label(t, menu.KeyProblems); got != "⚠ Problems (2)" {
		t.Errorf("problems line %q", got)
	}
	if toasts := h.problemToasts(); len(toasts) != 4 || toasts[3].body != "cannot check the clock: no time server answered in time" {
		t.Errorf("notifications %v", toasts)
	}

	// Both hidden: the line goes.
	h.click(menu.KeyProblemHide+menu.ProblemClock, now)
	h.click(menu.KeyProblemHide+menu.ProblemClipboard, now)
	if h.ui.entries[menu.KeyProblems].Visible {
		t.Error("the problems line is shown with every problem hidden")
	}
	if h.ui.rebuilds != rebuilds {
		t.Errorf("%d rebuilds of the menu", h.ui.rebuilds-rebuilds)
	}
}

// Package foreground tells which window is in front, the one that has the
// keyboard focus, and which token's window rules match it: the type and
// copy hotkeys use the token for the window in front.
//
// The OS calls sit behind one small function that each system's file
// implements:
//
//	func current() (Window, error)
//
// window_other.go is X11 (Linux and the BSDs): the window the window
// manager names in _NET_ACTIVE_WINDOW, else the top-level window that holds
// the input focus. window_windows.go is GetForegroundWindow. On macOS,
// window_darwin.go returns an error that says this is not built there yet.
// The program name comes from the process on Linux and Windows
// (exe_linux.go, window_windows.go) and from WM_CLASS on the other X11
// systems.
package foreground

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
)

// Window is the window in front.
type Window struct {
	Title   string // the title in its title bar, "" when it has none
	Program string // the executable's base name, e.g. "msedge.exe", "firefox"; "" when unknown
	ID      uint64 // the system's handle of the window (X11 window ID, HWND); never 0
}

// Current returns the window in front. It fails when there is no desktop
// to ask or no window has the focus; the caller then uses the default
// token.
func Current() (Window, error) {
	return current()
}

// Same reports whether a and b are the same window, so a focus change can
// be told from a new title in the same window (a browser changing tabs
// keeps its window).
func Same(a, b Window) bool {
	return a.ID != 0 && a.ID == b.ID
}

// WaitChange returns nil once the window in front is no longer w, checking
// every interval; ctx's error when ctx ends first. A failing check counts as
// a change: the window that was typed into can no longer be seen to have
// the focus. It is how a typing wait ({wait} in a template) is cancelled
// when the user moves to another window.
func WaitChange(ctx context.Context, w Window, interval time.Duration) error {
	return waitChange(ctx, w, interval, current)
}

func waitChange(ctx context.Context, w Window, interval time.Duration, now func() (Window, error)) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if got, err := now(); err != nil || !Same(got, w) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// TokenRules are one token's window rules; Pick takes them in the tokens'
// menu order.
//
// A rule matches a window when the window's title or its program name
// contains it, ignoring case: "msedge.exe" matches Edge by its program name,
// "JWEBOFFICE" a page of that name in any browser by its title. A rule is
// not told apart by its form (a rule ending in .exe is looked for in the
// title too), so what a rule matches never depends on how it is spelled.
// Spaces around a rule are not part of it; an empty rule matches nothing.
type TokenRules struct {
	ID    string   // the token's ID
	Rules []string // parts of a window title or program name, e.g. "JWEBOFFICE", "msedge.exe"
}

// Pick returns the ID of the token whose rules match w. When several
// tokens match, the one with the longest matching rule wins (the most
// specific: "Microsoft Edge - JWEBOFFICE" before "msedge.exe"); when
// those are as long, the first in menu order. ok is false when no rule
// matches: the caller uses the default token.
func Pick(tokens []TokenRules, w Window) (id string, ok bool) {
	title, program := strings.ToLower(w.Title), strings.ToLower(w.Program)
	best := 0
	for _, tok := range tokens {
		for _, rule := range tok.Rules {
			r := strings.ToLower(strings.TrimSpace(rule))
			if r == "" || !(strings.Contains(title, r) || strings.Contains(program, r)) {
				continue
			}
			if n := utf8.RuneCountInString(r); n > best {
				id, ok, best = tok.ID, true, n
			}
		}
	}
	return id, ok
}

// CheckRule refuses a rule that cannot match anything meaningful: an empty
// one (or only spaces) would match every window.
func CheckRule(rule string) error {
	if strings.TrimSpace(rule) == "" {
		return msg.New("foreground.rule.empty", nil)
	}
	return nil
}

package tray_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// visibleChildren are the entries of it that a menu shows.
func visibleChildren(it e2e.Item) []e2e.Item {
	var out []e2e.Item
	for _, c := range it.Children {
		if c.Visible {
			out = append(out, c)
		}
	}
	return out
}

func itemIDs(its []e2e.Item) []int32 {
	ids := make([]int32, len(its))
	for i, it := range its {
		ids[i] = it.ID
	}
	return ids
}

// childLabeled is the visible entry of it labelled label.
func childLabeled(t *testing.T, it e2e.Item, label string) e2e.Item {
	t.Helper()
	for _, c := range visibleChildren(it) {
		if c.Label == label {
			return c
		}
	}
	t.Fatalf("no entry %q in %s", label, it)
	return e2e.Item{}
}

// TestProblemsInTheRealMenu: two hotkeys that other programs hold are
// chosen in Settings, and two problems appear in the menu read over D-Bus:
// one line "⚠ Problems (2)" just above Quit's separator, Quit last, every
// entry above it (the tokens, Help) where it was, in the layout and among
// the entries shown; each problem a short line with Show whole message and
// Hide, which work.
func TestProblemsInTheRealMenu(t *testing.T) {
	e2e.Require(t)
	grabElsewhere(t, "Win+Alt+Y")
	grabElsewhere(t, "Win+Shift+Alt+T")
	notes := e2e.WatchNotifications(t)
	bank, mail := newToken("Bank", 30), newToken("Mail", 30)
	p := startTray(t, newStore(t, quietSettings(), &bank, &mail))

	before := p.wholeMenu(t)
	shownBefore := visibleChildren(before)
	n := len(shownBefore)
	if shownBefore[n-1].Label != "Quit" || !shownBefore[n-2].Separator || shownBefore[n-3].Label != "Help" {
		t.Fatalf("the menu does not end with Help, a separator, Quit: %s", before)
	}
	settings := childLabeled(t, before, "Settings")
	p.menu.Click(t, childLabeled(t, childLabeled(t, settings, "Hotkey"), "Super+Alt+Y").ID)
	p.menu.Click(t, childLabeled(t, childLabeled(t, settings, "Type hotkey"), "Super+Shift+Alt+T").ID)

	after := p.menu.WaitMenu(t, func(root e2e.Item) bool {
		_, ok := root.Find(func(it e2e.Item) bool { return it.Visible && it.Label == "⚠ Problems (2)" })
		return ok
	}, 20*time.Second)
	if !slices.Equal(itemIDs(after.Children), itemIDs(before.Children)) {
		t.Errorf("the problems added, moved or removed entries: before %s\nafter %s", before, after)
	}
	shown := visibleChildren(after)
	if !slices.Equal(itemIDs(shown[:n-2]), itemIDs(shownBefore[:n-2])) {
		t.Errorf("entries shown above the problems changed: before %s\nafter %s", before, after)
	}
	if len(shown) != n+1 || shown[n-2].Label != "⚠ Problems (2)" || !shown[n-1].Separator || shown[n].Label != "Quit" || !shown[n].Enabled {
		t.Fatalf("the menu does not end with Help, the problems, a separator, Quit: %s", after)
	}
	for _, label := range []string{"Bank", "Mail", "Help"} {
		i := slices.IndexFunc(shown, func(it e2e.Item) bool { return strings.HasPrefix(it.Label, label) })
		j := slices.IndexFunc(shownBefore, func(it e2e.Item) bool { return strings.HasPrefix(it.Label, label) })
		if i < 0 || i != j {
			t.Errorf("%s at %d, was at %d", label, i, j)
		}
	}

	problems := visibleChildren(shown[n-2])
	if len(problems) != 2 {
		t.Fatalf("%d problems in %s", len(problems), shown[n-2])
	}
	for _, pr := range problems {
		if c := token.Columns(pr.Label); c > menu.ProblemColumns || !strings.Contains(pr.Label, "hotkey") {
			t.Errorf("problem line %q (%d columns)", pr.Label, c)
		}
		if got := visibleChildren(pr); len(got) != 2 || got[0].Label != "Show whole message" || got[1].Label != "Hide" {
			t.Errorf("problem %q has %s", pr.Label, pr)
		}
	}

	// Show whole message: the notification has the whole text, of which
	// the line is the start.
	first := problems[0]
	p.menu.Click(t, visibleChildren(first)[0].ID)
	start := strings.TrimSuffix(first.Label, "…")
	if note := notes.Wait(t, start, 20*time.Second); note.Summary != "otptray: something needs your attention" || len(note.Body) <= len(first.Label) {
		t.Errorf("Show whole message sent %+v", note)
	}

	// Hide: one problem left, which is the line itself.
	p.menu.Click(t, visibleChildren(first)[1].ID)
	// Both lines are cut from the same text, at most ProblemColumns wide.
	rest := "⚠ " + strings.TrimSuffix(problems[1].Label, "…")
	hidden := p.menu.WaitMenu(t, func(root e2e.Item) bool {
		s := visibleChildren(root)
		if len(s) != n+1 {
			return false
		}
		line := strings.TrimSuffix(s[n-2].Label, "…")
		return token.Columns(s[n-2].Label) <= menu.ProblemColumns && (strings.HasPrefix(line, rest) || strings.HasPrefix(rest, line)) && len(line) > len("⚠ ")
	}, 20*time.Second)
	t.Logf("one problem left: %q", visibleChildren(hidden)[n-2].Label)
	if !slices.Equal(itemIDs(hidden.Children), itemIDs(before.Children)) || visibleChildren(hidden)[n].Label != "Quit" {
		t.Errorf("after Hide the menu is %s", hidden)
	}
	p.quit(t)
}

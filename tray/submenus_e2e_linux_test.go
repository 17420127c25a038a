package tray_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/token"
)

// TestSubmenusAfterAMinute: the tray runs a minute with its countdown
// changing every second, then a panel that starts then (a menu client new
// to the tray) fetches the menu and opens every submenu through the calls a
// panel makes. Each submenu has its entries; the countdown reached the
// panel as property changes alone, with no layout update, which makes
// libdbusmenu-gtk fetch the whole menu again; and each answer of the first
// fetch brought entries only under submenus known from an earlier answer
// (libdbusmenu-gtk drops the entries of a submenu it learns in the same
// answer: About opened empty).
func TestSubmenusAfterAMinute(t *testing.T) {
	e2e.Require(t)
	var toks []*token.Token
	for i := range 3 {
		tok := newToken(fmt.Sprintf("Sub %d", i), 30)
		toks = append(toks, &tok)
	}
	p := startTray(t, newStore(t, quietSettings(), toks...))
	watch := e2e.NewPanel(t, p.cmd.Process.Pid)
	time.Sleep(time.Second) // the start's own layout answers
	watch.Counts()
	time.Sleep(time.Minute)
	counts := watch.Counts()
	t.Logf("signals in the minute: %v", counts)
	if n := counts["LayoutUpdated"]; n > 0 {
		t.Errorf("%d LayoutUpdated signals in a minute in which no entry was added or removed; want none", n)
	}
	if n := counts["PropertiesChanged"]; n > 0 {
		t.Errorf("%d PropertiesChanged signals (the menu's Version) in the minute; want none", n)
	}
	if n := counts["ItemsPropertiesUpdated"]; n < 50 || n > 70 {
		t.Errorf("%d ItemsPropertiesUpdated signals in a minute of a countdown; want one a second", n)
	}

	panel := e2e.NewPanel(t, p.cmd.Process.Pid)
	answers := panel.Sync(t)
	checkLevels(t, answers)
	whole := answers[len(answers)-1]

	var submenus []e2e.Item
	var collect func(it e2e.Item)
	collect = func(it e2e.Item) {
		for _, c := range it.Children {
			if len(c.Children) > 0 {
				submenus = append(submenus, c)
				collect(c)
			}
		}
	}
	collect(whole)
	if len(submenus) < 5 {
		t.Fatalf("only %d submenus in the menu: %s", len(submenus), whole)
	}
	ids := make([]int32, len(submenus))
	for i, s := range submenus {
		ids[i] = s.ID
	}
	if need := panel.AboutToShowGroup(t, ids); len(need) > 0 {
		t.Errorf("AboutToShowGroup says submenus %v need their layout again, though every change was signalled", need)
	}
	sawAbout := false
	for _, s := range submenus {
		got, needUpdate := panel.Open(t, s.ID)
		if needUpdate {
			t.Errorf("AboutToShow of %q says it needs an update", s.Label)
		}
		if len(got.Children) == 0 || fmt.Sprint(got.Labels()) != fmt.Sprint(s.Labels()) {
			t.Errorf("submenu %q opened with %q; the menu holds %q", s.Label, got.Labels(), s.Labels())
		}
		if s.Label == "About otptray" {
			sawAbout = true
		}
		panel.Close(t, s.ID)
	}
	if !sawAbout {
		t.Errorf("no About otptray submenu in %s", whole)
	}
}

// checkLevels fails when an answer to a new client's GetLayout holds both
// an entry the client had not seen and that entry's children.
func checkLevels(t *testing.T, answers []e2e.Item) {
	t.Helper()
	known := map[int32]bool{0: true}
	for n, root := range answers {
		var walk func(it e2e.Item)
		newHere := map[int32]bool{}
		walk = func(it e2e.Item) {
			for _, c := range it.Children {
				if !known[c.ID] {
					newHere[c.ID] = true
					if newHere[it.ID] {
						t.Errorf("answer %d brings %q together with its submenu entry %q", n+1, it.Label, c.Label)
						return
					}
				}
				walk(c)
			}
		}
		walk(root)
		for id := range newHere {
			known[id] = true
		}
	}
}

// TestSubmenusInGTK: the menu shown by libdbusmenu-gtk3, as xfce4-panel
// shows it, while the countdown runs: every submenu, opened three times,
// shows the entries the menu holds (About otptray opened empty).
func TestSubmenusInGTK(t *testing.T) {
	e2e.Require(t)
	var toks []*token.Token
	for i := range 3 {
		tok := newToken(fmt.Sprintf("GTK %d", i), 30)
		toks = append(toks, &tok)
	}
	p := startTray(t, newStore(t, quietSettings(), toks...))
	want := map[string]int{}
	var walk func(it e2e.Item, path string)
	walk = func(it e2e.Item, path string) {
		for _, c := range it.Children {
			if c.Visible && len(c.Children) > 0 {
				here := c.Label
				if path != "" {
					here = path + " > " + c.Label
				}
				want[here] = len(c.Labels())
				walk(c, here)
			}
		}
	}
	walk(p.menu.Layout(t), "")
	openings := e2e.GTKMenu(t, p.cmd.Process.Pid, 3, 2*time.Second)
	seen := map[string]int{}
	for _, o := range openings {
		seen[o.Path]++
		if n, ok := want[o.Path]; !ok {
			t.Errorf("round %d: GTK shows a submenu %q that the menu does not hold", o.Round, o.Path)
		} else if o.Entries != n {
			t.Errorf("round %d: submenu %q shows %d entries in GTK; the menu holds %d", o.Round, o.Path, o.Entries, n)
		}
	}
	for path := range want {
		if seen[path] != 3 {
			t.Errorf("submenu %q opened %d times in GTK, want 3", path, seen[path])
		}
	}
	if _, ok := want["Help > About otptray"]; !ok {
		t.Errorf("no Help > About otptray submenu: %v", want)
	}
}

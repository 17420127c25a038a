package menu

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// The clock check offline, as the issue saw it: far wider than a menu.
var clockOffline = msg.New("tray.err.clock", errors.New("cannot measure the clock: no time server answered (ntp pool.ntp.org: lookup pool.ntp.org on 10.255.255.53:53: no such host)"))

func problemInput(t *testing.T, lang string, problems map[string]error) Input {
	t.Helper()
	bank := vipToken()
	bank.ID, bank.Name, bank.VIP = "bank", "Bank (alice)", nil
	in := input(t, lang, unix(vecBoundary-10), 0, vipToken(), bank)
	in.Status.Problems = problems
	return in
}

func twoProblems() map[string]error {
	return map[string]error{
		ProblemClock:  clockOffline,
		ProblemHotkey: msg.New("desktop.hotkey.register", msg.New("desktop.hotkey.taken", nil), "Hotkey", "Ctrl+Alt+O"),
	}
}

// visibleTop is the keys of the visible top-level entries, in order.
func visibleTop(m Menu) []string {
	var keys []string
	for _, e := range m.Entries {
		if e.Visible {
			keys = append(keys, e.Key)
		}
	}
	return keys
}

// TestProblemsSitBelowTheTokensQuitLast: the problems line is the last
// entry before the separator above Quit, below every token and Help; Quit
// is the last entry.
func TestProblemsSitBelowTheTokensQuitLast(t *testing.T) {
	m := Build(problemInput(t, "en", twoProblems()))
	es := m.Entries
	n := len(es)
	if es[n-1].Key != KeyQuit || !es[n-1].Visible || !es[n-2].Separator || es[n-3].Key != KeyProblems {
		t.Fatalf("the menu ends %q, %q, %q; want the problems, a separator, Quit", es[n-3].Key, es[n-2].Key, es[n-1].Key)
	}
	for i, e := range es[:n-3] {
		if strings.HasPrefix(e.Key, KeyProblem) {
			t.Errorf("entry %d, %s, is a problem above the problems line", i, e.Key)
		}
	}
	top := visibleTop(m)
	if !slices.Equal(top[len(top)-4:], []string{KeyHelp, KeyProblems, es[n-2].Key, KeyQuit}) {
		t.Errorf("visible entries end %v", top[len(top)-4:])
	}
	if i, j := slices.Index(top, KeyCode+"bank"), slices.Index(top, KeyProblems); i < 0 || i > j {
		t.Errorf("token at %d, problems at %d", i, j)
	}
}

// TestProblemsGroupedWithCount: none hides the line; one is the line
// itself, its short message; two or more are "⚠ Problems (N)". Each shown
// problem is a submenu: Show whole message, Hide.
func TestProblemsGroupedWithCount(t *testing.T) {
	keyring := msg.New("tray.err.secret", msg.New("keyring.failed", nil), "Name", "Bank")
	tests := []struct {
		name     string
		lang     string
		problems map[string]error
		label    string
		shown    []string
	}{
		{"none", "en", nil, "", nil},
		{"one", "en", map[string]error{ProblemClock: clockOffline}, "⚠ cannot check the clock: cannot measure the clock: no time…", []string{ProblemClock}},
		{"two", "en", twoProblems(), "⚠ Problems (2)", []string{ProblemHotkey, ProblemClock}},
		{"three, Japanese", "ja", map[string]error{ProblemClock: clockOffline, ProblemKeyring: keyring, ProblemOpen: errors.New("xdg-open: exit status 3")},
			"⚠ 問題（3 件）", []string{ProblemKeyring, ProblemOpen, ProblemClock}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(problemInput(t, tt.lang, tt.problems))
			slot := m.Entries[len(m.Entries)-3] // with its children
			if slot.Key != KeyProblems || slot.Visible != (tt.label != "") || slot.Label != tt.label {
				t.Errorf("problems line %q (visible %v), want %q", slot.Label, slot.Visible, tt.label)
			}
			var shown []string
			for _, e := range slot.Children {
				if !e.Visible {
					continue
				}
				kind := strings.TrimPrefix(e.Key, KeyProblem)
				shown = append(shown, kind)
				if len(e.Children) != 2 || e.Children[0].Action != (ShowProblem{kind}) || e.Children[1].Action != (HideProblem{kind}) {
					t.Errorf("%s: entries %+v", kind, e.Children)
				}
				if whole := i18n.New(tt.lang).Err(tt.problems[kind]); e.Tooltip != whole {
					t.Errorf("%s: tooltip %q, want the whole message %q", kind, e.Tooltip, whole)
				}
			}
			if !slices.Equal(shown, tt.shown) {
				t.Errorf("problems shown %v, want %v", shown, tt.shown)
			}
		})
	}
}

// TestProblemLinesAreShort: every problem line fits in ProblemColumns
// columns, Japanese counted two a character, cut where a word ends.
func TestProblemLinesAreShort(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		in := problemInput(t, lang, twoProblems())
		in.Status.Problems[ProblemLoad] = msg.New("tray.err.load", errors.New("open /home/alice/.config/otptray/tokens.json: permission denied"))
		m := Build(in)
		for _, f := range Flatten(m.Entries) {
			if !strings.HasPrefix(f.Key, KeyProblem) || !f.Visible || strings.HasPrefix(f.Key, KeyProblemShow) || strings.HasPrefix(f.Key, KeyProblemHide) {
				continue
			}
			if c := token.Columns(f.Label); c > ProblemColumns {
				t.Errorf("%s %s: %q is %d columns", lang, f.Key, f.Label, c)
			}
			if f.Key == KeyProblems {
				continue
			}
			whole := strings.Join(strings.Fields(f.Tooltip), " ")
			if !strings.HasSuffix(f.Label, "…") || !strings.HasPrefix(whole, strings.TrimSuffix(f.Label, "…")) {
				t.Errorf("%s %s: %q is not the start of %q", lang, f.Key, f.Label, whole)
			}
		}
	}
}

func TestShorten(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{"a\nmessage  on\ttwo lines", "a message on two lines"},
		{strings.Repeat("x", 60), strings.Repeat("x", 60)},
		// Cut where a word ends, never inside one.
		{"cannot check the clock: cannot measure the clock: no time server answered", "cannot check the clock: cannot measure the clock: no time…"},
		// One long word is cut where it must be.
		{strings.Repeat("y", 80), strings.Repeat("y", 59) + "…"},
		// A wide character takes two columns: 29 of them and "…" fill 59.
		{strings.Repeat("時", 40), strings.Repeat("時", 29) + "…"},
		{"時刻を確認できません: 時刻を測定できません: どのタイムサーバーも応答しませんでした（ntp pool.ntp.org）",
			"時刻を確認できません: 時刻を測定できません: どのタイムサー…"},
	}
	for _, tt := range tests {
		got := Shorten(tt.in, ProblemColumns)
		if got != tt.want {
			t.Errorf("Shorten(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if c := token.Columns(got); c > ProblemColumns {
			t.Errorf("Shorten(%q) is %d columns", tt.in, c)
		}
	}
	if c := token.Columns("⚠ 問題（2 件）"); c != 14 {
		t.Errorf("Columns = %d, want 14", c)
	}
}

// TestProblemsMoveNothing: problems coming, growing in number and going
// change no entry's place (no rebuild), and the entries shown above the
// problems line stay the same, in the same order.
func TestProblemsMoveNothing(t *testing.T) {
	steps := []map[string]error{
		nil,
		{ProblemClock: clockOffline},
		twoProblems(),
		{ProblemHotkey: errors.New("taken"), ProblemClock: clockOffline, ProblemOpen: errors.New("xdg-open: exit status 3")},
		nil,
	}
	first := Build(problemInput(t, "en", nil))
	above := visibleTop(first)
	above = above[:len(above)-2] // the separator and Quit
	prev := first
	for i, problems := range steps {
		m := Build(problemInput(t, "en", problems))
		if _, rebuild := Diff(prev.Entries, m.Entries); rebuild {
			t.Fatalf("step %d rebuilds the menu", i)
		}
		top := visibleTop(m)
		if !slices.Equal(top[:len(above)], above) {
			t.Errorf("step %d: the entries above the problems are %v, were %v", i, top[:len(above)], above)
		}
		rest := top[len(above):]
		if want := []string{m.Entries[len(m.Entries)-2].Key, KeyQuit}; len(problems) > 0 {
			want = append([]string{KeyProblems}, want...)
			if !slices.Equal(rest, want) {
				t.Errorf("step %d: below the entries %v, want %v", i, rest, want)
			}
		} else if !slices.Equal(rest, want) {
			t.Errorf("step %d: below the entries %v, want %v", i, rest, want)
		}
		prev = m
	}
}

// TestHideProblem: a hidden problem's line goes (and the count with it)
// while it is the same error, and comes back when the error changes.
func TestHideProblem(t *testing.T) {
	in := problemInput(t, "en", twoProblems())
	in.Status.HiddenProblems = map[string]string{ProblemClock: clockOffline.Error()}
	m := Build(in)
	if e := mustFind(t, m.Entries, KeyProblem+ProblemClock); e.Visible {
		t.Errorf("hidden problem shown: %+v", e)
	}
	slot := mustFind(t, m.Entries, KeyProblems)
	if want := "⚠ could not register the hotkey Ctrl+Alt+O (if another…"; !slot.Visible || slot.Label != want {
		t.Errorf("problems line %q, want %q", slot.Label, want)
	}
	if !slices.Equal(ShownProblems(in.Status), []string{ProblemHotkey}) {
		t.Errorf("shown %v", ShownProblems(in.Status))
	}
	// The hidden problem, gone and back as the same error: still hidden.
	delete(in.Status.Problems, ProblemHotkey)
	if m := Build(in); mustFind(t, m.Entries, KeyProblems).Visible {
		t.Error("the hidden problem shows again, unchanged")
	}
	// Another error of the same kind shows.
	in.Status.Problems[ProblemClock] = msg.New("tray.err.clock", errors.New("no time server answered in time"))
	m = Build(in)
	if e := mustFind(t, m.Entries, KeyProblem+ProblemClock); !e.Visible || e.Label != "cannot check the clock: no time server answered in time" {
		t.Errorf("a different clock error: %+v", e)
	}
	if slot := mustFind(t, m.Entries, KeyProblems); slot.Label != "⚠ cannot check the clock: no time server answered in time" {
		t.Errorf("problems line %q", slot.Label)
	}
}

// TestVIPProgressLineStays: the progress line is one entry in one place
// from "Creating…" to its failure, which is as short as a problem's line.
func TestVIPProgressLineStays(t *testing.T) {
	in := problemInput(t, "en", nil)
	in.Status.Features.NewVIP = true
	idle := Build(in)
	in.Status.Features.VIPRunning = true
	running := Build(in)
	in.Status.Features.VIPRunning = false
	in.Status.Features.VIPErr = msg.New("vip.err.provision", errors.New("Post \"https://services.vip.symantec.com/prov\": dial tcp: lookup services.vip.symantec.com on 10.255.255.53:53: no such host"))
	failed := Build(in)
	index := func(m Menu) int {
		return slices.IndexFunc(Flatten(m.Entries), func(f Flat) bool { return f.Key == KeyVIPProgress })
	}
	if i, j, k := index(idle), index(running), index(failed); i < 0 || i != j || j != k {
		t.Errorf("progress line at %d, %d, %d", i, j, k)
	}
	for _, step := range [][2]Menu{{idle, running}, {running, failed}} {
		if _, rebuild := Diff(step[0].Entries, step[1].Entries); rebuild {
			t.Error("the progress line changing rebuilds the menu")
		}
	}
	if p := mustFind(t, running.Entries, KeyVIPProgress); !p.Visible || p.Label != "Creating a VIP credential…" {
		t.Errorf("running: %+v", p)
	}
	p := mustFind(t, failed.Entries, KeyVIPProgress)
	if !p.Visible || token.Columns(p.Label) > ProblemColumns || !strings.HasPrefix(p.Label, "⚠ ") || p.Tooltip != in.Loc.Err(in.Status.Features.VIPErr) {
		t.Errorf("failed: %+v", p)
	}
}

package menu

import (
	"strings"
	"unicode"

	"github.com/otptray/otptray/token"
)

// Problem kinds: each has one fixed entry in the problems submenu, shown
// while the problem lasts, so that a problem coming or going changes no
// structure.
const (
	ProblemLoad      = "load"
	ProblemKeyring   = "keyring"
	ProblemHotkey    = "hotkey"
	ProblemClipboard = "clipboard"
	ProblemSettings  = "settings"
	ProblemAutostart = "autostart"
	ProblemOpen      = "open"
	ProblemClock     = "clock"
	ProblemHotkeys   = "hotkeys" // the type hotkey and the per-token hotkeys
)

var problemKinds = []string{ProblemLoad, ProblemKeyring, ProblemHotkey, ProblemClipboard, ProblemSettings, ProblemAutostart, ProblemOpen, ProblemClock, ProblemHotkeys}

// ProblemColumns is the widest a problem's menu line may be, in columns (an
// East Asian wide character takes two). A whole error message made the menu
// as wide as the screen, and its submenus then opened over other entries.
const ProblemColumns = 60

// Actions of the problems submenu.
type (
	ShowProblem struct{ Kind string } // the whole message, in a notification
	HideProblem struct{ Kind string } // hide the line until the problem changes
)

func (ShowProblem) isAction() {}
func (HideProblem) isAction() {}

// ShownProblems are the kinds whose lines the menu shows, in menu order:
// the problems present and not hidden by the user.
func ShownProblems(st Status) []string {
	var kinds []string
	for _, kind := range problemKinds {
		if problemShown(st, kind) {
			kinds = append(kinds, kind)
		}
	}
	return kinds
}

// problems is the one line of the problems, the last before Quit's
// separator: below the tokens and every other entry, so that it appearing
// or going moves nothing above it (in a menu that opens downwards) or
// nothing below it, Quit (in one that opens upwards). Two or more problems
// still take that one line, "⚠ Problems (2)", so a second one moves nothing.
// Each problem is a submenu of its own with its whole message and Hide.
// Every entry is always there, hidden when unused.
func (b *builder) problems() Entry {
	in := b.in
	shown := ShownProblems(in.Status)
	slot := item(KeyProblems, nil, "")
	switch len(shown) {
	case 0:
		slot.Visible = false
	case 1:
		slot.Label = b.problemLine(in.Status.Problems[shown[0]])
	default:
		slot.Label = b.T("problems12.group", "Count", len(shown))
	}
	for _, kind := range problemKinds {
		err := in.Status.Problems[kind]
		e := item(KeyProblem+kind, nil, "")
		show := item(KeyProblemShow+kind, actionOf(in.Memo, ShowProblem{kind}), b.T("problems12.show"))
		hide := item(KeyProblemHide+kind, actionOf(in.Memo, HideProblem{kind}), b.T("problems12.hide"))
		hide.Tooltip = b.T("problems12.hide_tip")
		if problemShown(in.Status, kind) {
			e.Label = Shorten(in.Loc.Short(err), ProblemColumns)
			e.Tooltip = in.Loc.Err(err)
			show.Tooltip = e.Tooltip
		} else {
			e.Visible = false
		}
		e.Children = []Entry{show, hide}
		slot.Children = append(slot.Children, e)
	}
	return slot
}

// problemShown says whether the problem of kind has its line: it is
// there, and not the very error the user hid.
func problemShown(st Status, kind string) bool {
	err := st.Problems[kind]
	if err == nil {
		return false
	}
	hidden, ok := st.HiddenProblems[kind]
	return !ok || hidden != err.Error()
}

// problemLine is the short line that stands for err on its own.
func (b *builder) problemLine(err error) string {
	return Shorten(b.T("tray.problem", "Message", b.in.Loc.Short(err)), ProblemColumns)
}

// Shorten fits s, on one line, into max columns: cut where a word ends (a
// Japanese text at any character), with "…" after it.
func Shorten(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if token.Columns(s) <= max {
		return s
	}
	const ellipsis = "…"
	room := max - token.Columns(ellipsis)
	cut, used := 0, 0 // bytes and columns kept
	for i, r := range s {
		w := token.RuneColumns(r)
		if used+w > room {
			break
		}
		used += w
		cut = i + len(string(r))
	}
	kept := s[:cut]
	if midWord(kept, s[cut:]) {
		// Back to the last space, unless that would throw away more than
		// half the line: one long word (a path) is cut where it must be.
		if sp := strings.LastIndexByte(kept, ' '); sp >= 0 && token.Columns(kept[:sp]) >= room/2 {
			kept = kept[:sp]
		}
	}
	kept = strings.TrimRight(kept, " ,;:、")
	return kept + ellipsis
}

// midWord says whether a cut between before and after splits a word: a
// letter or digit of a spaced script on both sides.
func midWord(before, after string) bool {
	last, first := lastRune(before), firstRune(after)
	return wordRune(last) && wordRune(first)
}

func wordRune(r rune) bool {
	return r != 0 && token.RuneColumns(r) == 1 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-' || r == '.' || r == '/' || r == '_')
}

func lastRune(s string) rune {
	var last rune
	for _, r := range s {
		last = r
	}
	return last
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// Package menu is the tray's menu model: tokens, settings, the program's
// status and an instant in; the entries with their labels, states and
// actions out. It also says how two menus differ (Diff) and when the menu
// next changes (Wake). It keeps no state and starts no goroutines, so its
// tests run anywhere with a fake clock.
package menu

import (
	"strconv"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/update"
)

// TokenView is a token as the menu shows it at one instant.
type TokenView struct {
	Token  token.Token  // metadata; the model never needs the secret
	Window token.Window // the code window at the instant, if Err is nil
	Err    error        // why there is no code (secret missing, keyring locked)
}

// Status is what the program knows beside the tokens and settings.
type Status struct {
	Problems map[string]error // by problem kind; nil or absent: no problem
	// HiddenProblems are the problems the user hid (Hide), by kind: the
	// text of the error hidden. Its line stays hidden while the problem is
	// that error (or gone, or back as the same); the rest of the menu still
	// reflects it.
	HiddenProblems map[string]string
	Hotkey         string   // the combination the settings ask for, resolved ("ctrl+alt+o")
	HotkeyChoices  []string // combinations offered in Settings
	// TypeHotkey is the type hotkey's combination, in canonical form, and
	// TypeHotkeyChoices those offered for it.
	TypeHotkey        string
	TypeHotkeyChoices []string
	WinKey            string // what this platform's keyboards call the Windows key ("Super"); "" is "Win"
	Autostart         bool   // the autostart entry exists
	LeftClick         string // the left-click mode in effect since start ("" copy, "menu")
	Version           string
	DataDir           string
	ClockSync         bool // "Sync clock" is offered
	ClockRunning      bool // a clock check is under way
	Features          FeatureStatus
	Scanning          bool // a scan of the screen for QR codes is under way
	Follow            FollowStatus
	// RemoveArmed is the ID of the token whose removal the user asked for
	// moments ago: its confirming entry is shown.
	RemoveArmed string
	// ClearAfterPaste: "after the first paste" is offered (X11, Wayland).
	ClearAfterPaste bool
}

// FeatureStatus is what the VIP and update features add to the input.
type FeatureStatus struct {
	NewVIP        bool    // "New VIP credential…" is offered
	VIPRunning    bool    // a credential is being created
	NewVIPArmed   bool    // "New VIP credential…" was clicked moments ago
	VIPErr        error   // why the last attempt failed, for a while
	Helper        *Helper // the registration helper, nil when idle
	UpdateCheck   bool    // "Check for updates" is offered
	UpdateRunning bool    // a check is under way
	Newer         *update.Result
}

// Input is everything the menu depends on.
type Input struct {
	Now      time.Time
	Tokens   []TokenView // in the user's order
	Default  string      // ID of the default token, or ""
	Settings token.Settings
	Prefs    prefs.Prefs
	Status   Status
	Loc      *i18n.Localizer
	// Memo, when set, caches Loc's messages across builds (see Memo).
	Memo *Memo
}

// Entry is one line of the menu. Key is stable across instants, so that the
// binding can update only what changed; Action is what a click asks for.
// An entry's action follows from its key alone (a greyed-out entry keeps
// it), so a controller may look actions up by key in the menu it last
// rebuilt.
type Entry struct {
	Key       string
	Action    Action // nil: a click does nothing
	Label     string
	Tooltip   string
	Enabled   bool
	Visible   bool
	Checkable bool
	Checked   bool
	Separator bool
	Children  []Entry
}

// Menu is the model's output: the entries and the icon's tooltip.
type Menu struct {
	Entries []Entry
	Tooltip string
}

// Build computes the menu for in.
func Build(in Input) Menu {
	b := builder{in: in, T: in.Loc.T, presets: presetsOf(in)}
	if in.Memo != nil {
		b.T = func(id string, kv ...any) string { return in.Memo.T(in.Loc, id, kv...) }
	}
	return b.build()
}

type builder struct {
	in      Input
	T       func(id string, kv ...any) string
	seps    int
	presets tokenPresets // the number hotkeys (numberkeys.go)
}

func (b *builder) sep() Entry {
	b.seps++
	return Entry{Key: keySeparator + strconv.Itoa(b.seps), Separator: true, Visible: true}
}

// item is an entry that does act when clicked; a submenu's parent (nil
// act) opens its children.
func item(key string, act Action, label string) Entry {
	return Entry{Key: key, Action: act, Label: label, Enabled: true, Visible: true}
}

func disabled(key, label string) Entry {
	return Entry{Key: key, Label: label, Visible: true}
}

// inactive greys e out but keeps its action: a click that still arrives
// (one taken just before, or sent over D-Bus) is the controller's to judge.
func inactive(e Entry) Entry {
	e.Enabled = false
	return e
}

func check(key string, act Action, label string, checked bool) Entry {
	return Entry{Key: key, Action: act, Label: label, Enabled: true, Visible: true, Checkable: true, Checked: checked}
}

func (b *builder) build() Menu {
	in := b.in
	var es []Entry
	shared := sharedExpiry(in.Tokens)
	for i, tv := range in.Tokens {
		es = append(es, b.codeEntry(tv, shared), b.credentialEntry(tv), b.tokenMenu(tv, i))
		es = append(es, b.vipTokenEntries(tv)...)
	}
	if len(in.Tokens) == 0 {
		// Not when the tokens file could not be read: then there may be
		// tokens, and the problem line says what to do.
		first := item(KeyFirstRun, actionOf(b.in.Memo, OpenPage{PageStart}), b.T("tray.first_run"))
		first.Visible = in.Status.Problems[ProblemLoad] == nil
		es = append(es, first)
	}
	countdown := disabled(KeyCountdown, "")
	if !shared.IsZero() {
		countdown.Label = b.T("tray.countdown", "Seconds", SecondsLeft(shared, in.Now))
	} else {
		countdown.Visible = false
	}
	es = append(es, countdown)
	es = append(es, b.vipLines()...)
	es = append(es, b.backupEntries()...)
	es = append(es, b.downloadEntry(), b.sep())
	es = append(es, b.addTokenMenu())
	es = append(es, b.newVIPEntry()...)
	es = append(es, b.showQRMenu())
	if in.Status.ClockSync {
		e := item(KeySyncClock, SyncClock{}, b.T("tray.sync_clock"))
		if in.Status.ClockRunning {
			e = inactive(item(KeySyncClock, SyncClock{}, b.T("tray.sync_clock_running")))
		}
		es = append(es, e)
	}
	// Quit is last, after a separator, and nothing below it ever appears:
	// what comes or goes (problems first) sits above the separator, so
	// that a click aimed at an entry that moved lands on the separator or
	// a harmless entry, never on Quit.
	es = append(es, b.settings(), b.help(), b.problems(), b.sep(), item(KeyQuit, Quit{}, b.T("tray.quit")))
	return Menu{Entries: es, Tooltip: b.tooltip()}
}

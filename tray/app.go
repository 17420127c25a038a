// Package tray is the tray program: the controller (type app), which owns
// the state and the loop, and its binding to the system tray. The menu
// itself is computed by package menu, the tray's own preferences are
// package prefs, and every OS and network call goes through one system.
//
// What runs where: every method of app runs on the loop's goroutine (Loop;
// before it, Start, FirstRun and the tray's first Refresh on the goroutine
// that then starts Loop), so the app needs no locks. Slow calls (the
// network, the keyring, the tokens file, notifications, opening programs,
// reading the clipboard) run on workers (work.go), which touch no app
// state: they hand back a function that the loop applies. From other
// goroutines only send (clicks, the hotkey), requestQuit (signals, Quit)
// and trayExit (systray's exit callback, which waits for stop) are called.
package tray

import (
	"slices"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// menuView shows the menu; the systray binding implements it. Every call comes
// from the loop's goroutine.
type menuView interface {
	Rebuild(m menu.Menu)        // replace the whole menu
	Update(changed []menu.Flat) // change these entries in place
	SetTooltip(text string)     // the icon's tooltip
}

// hotkeyChoices are the combinations Settings offers, the default first. All
// use the Windows (Super, Command) key, which types no character on any
// keyboard layout (see desktop.DefaultHotkey).
var hotkeyChoices = []string{desktop.DefaultHotkey, "Win+Alt+Y", "Win+Shift+Alt+O"}

// app is the running program's state.
type app struct {
	Store   *token.Store
	Sys     system
	UI      menuView
	Version string
	// KeepAutostartOff stops the first run from turning start at login on: a
	// portable copy, or an installed one whose installer already asked.
	KeepAutostartOff bool
	// SourceTreeBuild: this program is a build in a source tree
	// (buildfolder.go), whose starts leave start at login alone and do not
	// count as the first run.
	SourceTreeBuild bool
	// UpdateFeed is the feed's address from the environment; "" means the
	// update_feed setting, else update.DefaultFeedURL.
	UpdateFeed string
	// TrayHint is the first-run hint of this desktop (firstrun.go).
	TrayHint trayHint
	// LanguageOverride is OTPTRAY_LANG: this run's language over the
	// setting, until the user picks one in the menu (language.go).
	LanguageOverride string

	loop loopState // events, workers, quitting (work.go, quit.go)
	keys keyState  // the tokens file and the secrets (tokens.go)

	loc      *i18n.Localizer
	problems map[string]error
	// hiddenProblems are the problems whose lines the user hid: the text
	// of the error hidden, by kind (problems.go).
	hiddenProblems map[string]string
	autostart      bool
	leftClick      string // the mode in effect since start

	hotkeyActive string // the combination registered, "" none
	unregister   func()
	bindings     map[string]hotkeyBinding // the other hotkeys, by slot (hotkeys.go)
	hkReport     hotkeyReport             // what was said about them (hotkeystatus.go)

	confirming confirmState // an action asked for, to be confirmed (manage.go)
	notice     noticeState  // the notices of copies and new codes (copynotice.go)

	memo     menu.Memo
	built    bool
	menu     menu.Menu
	actions  map[string]menu.Action // of the menu shown, by entry key
	views    []menu.TokenView
	lastFrom map[string]time.Time // window start of each token's code last shown
	announce map[string]time.Time // token ID -> announce new codes starting up to then

	clock clockState    // Sync clock and its automatic re-check (clock.go)
	vip   vipState      // VIP credentials and the registration helper (vip.go)
	upd   updateState   // the update check (updates.go)
	xfer  transferState // Add token, Show QR code, backup reminder (add.go, showqr.go, backup.go)
	hint  hintState     // the first-run hint (firstrun.go)
	typ   typeState     // typing a code into the focused window (typecode.go)
	fol   followState   // following a backup file (follow.go)
}

// Start loads the tokens and their secrets and registers the hotkey. It runs
// before the tray shows (reading the keyring can take a while) and before
// Loop, on the goroutine that then runs Loop or calls Refresh.
func (a *app) Start(now time.Time) {
	a.loop.init()
	a.problems = map[string]error{}
	a.lastFrom = map[string]time.Time{}
	a.announce = map[string]time.Time{}
	a.loadNow(now)
	a.leftClick = a.prefs().LeftClick
	a.autostart = a.Sys.Autostart()
	a.applyHotkey()
	a.applyHotkeys()
}

// leftClickCopies says whether a click on the icon copies the code (else it
// opens the menu); it is fixed at start.
func (a *app) leftClickCopies() bool { return menu.LeftClickCopies(a.leftClick) }

// FirstRun turns start at login on for a new user (unless they turned it
// off before), owes them the hint where the icon is, and remembers that it
// did.
func (a *app) FirstRun(now time.Time) {
	p := a.prefs()
	if p.FirstRunDone {
		return
	}
	if a.SourceTreeBuild {
		// The installed program's first start is still to come.
		a.owesTrayHint()
		return
	}
	if !p.AutostartOff && !a.KeepAutostartOff {
		a.problem(menu.ProblemAutostart, wrap("tray.err.autostart", a.Sys.SetAutostart(true)))
		a.autostart = a.Sys.Autostart()
	}
	a.savePrefs(func(p *prefs.Prefs) { p.FirstRunDone = true })
	a.owesTrayHint()
}

func wrap(id string, err error, kv ...any) error {
	if err == nil {
		return nil
	}
	return msg.New(id, err, kv...)
}

func (a *app) settings() token.Settings {
	if a.keys.data == nil {
		return token.Settings{}
	}
	return a.keys.data.Settings
}

// prefs are the tray's own preferences from the settings.
func (a *app) prefs() prefs.Prefs { return a.keys.prefs }

func (a *app) status() menu.Status {
	combo := a.wantedHotkey()
	choices := slices.Clone(hotkeyChoices)
	if combo != "" && !slices.Contains(choices, combo) {
		choices = append(choices, combo)
	}
	typeCombo := a.wantedTypeHotkey()
	typeChoices := slices.Clone(typeHotkeyChoices)
	if !slices.Contains(typeChoices, typeCombo) {
		typeChoices = append(typeChoices, typeCombo)
	}
	c := a.Sys.Can()
	return menu.Status{
		TypeHotkey:        typeCombo,
		TypeHotkeyChoices: typeChoices,
		Problems:          a.problems,
		HiddenProblems:    a.hiddenProblems,
		Hotkey:            combo,
		HotkeyChoices:     choices,
		WinKey:            desktop.WinKeyName,
		Autostart:         a.autostart,
		LeftClick:         a.leftClick,
		Version:           a.Version,
		DataDir:           a.Store.Dir,
		ClockSync:         c.ClockSync,
		ClockRunning:      a.clock.running,
		Scanning:          a.xfer.scanning,
		Follow:            menu.FollowStatus{Err: a.fol.err, Reading: a.fol.reading, Read: a.fol.read},
		RemoveArmed:       a.armedRemoval(),
		ClearAfterPaste:   desktop.ClearsAfterPaste,
		Features: menu.FeatureStatus{
			NewVIP:        c.NewVIP,
			VIPRunning:    a.vip.running,
			NewVIPArmed:   a.confirming.what == armNewVIP,
			VIPErr:        a.vip.err,
			Helper:        a.vip.helper,
			UpdateCheck:   c.UpdateCheck,
			UpdateRunning: a.upd.running,
			Newer:         a.upd.newer,
		},
	}
}

// Refresh recomputes the menu for now and shows what changed. It also
// notices when the tokens file changed (and reads it on a worker).
func (a *app) Refresh(now time.Time) {
	a.reload(now)
	a.tick(now)
	views := a.viewsAt(now)
	m := menu.Build(menu.Input{Now: now, Tokens: views, Default: a.keys.data.Default, Settings: a.settings(), Prefs: a.prefs(), Status: a.status(), Loc: a.loc, Memo: &a.memo})
	rebuild := !a.built
	if !a.built {
		a.UI.Rebuild(m)
		a.UI.SetTooltip(m.Tooltip)
		a.built = true
	} else {
		var changed []menu.Flat
		changed, rebuild = menu.Diff(a.menu.Entries, m.Entries)
		switch {
		case rebuild:
			a.UI.Rebuild(m)
		case len(changed) > 0:
			a.UI.Update(changed)
		}
		if m.Tooltip != a.menu.Tooltip {
			a.UI.SetTooltip(m.Tooltip)
		}
	}
	a.menu = m
	if rebuild {
		// The builder gives an entry the same action whenever it has the
		// same key (the action says what the key names), so the map
		// changes only with the structure.
		a.actions = map[string]menu.Action{}
		for _, f := range menu.Flatten(m.Entries) {
			if f.Action != nil {
				a.actions[f.Key] = f.Action
			}
		}
	}
	a.views = views
	if !a.keys.loading {
		// Else after the file is read: its settings say what to announce.
		a.announceChanges(now)
	}
}

// tick runs the features' timed work on every refresh, before the menu is
// built: the registration helper's boundary, expiry warnings, the daily
// checks; QR images that expire and the backup reminder. The first refresh is
// left alone: it runs while the tray waits to show its menu, and writing
// the file or sending toasts can wait a second (the transfer features
// clean up from the start).
func (a *app) tick(now time.Time) {
	a.transferTick(now)
	a.confirmTick(now)
	if !a.built {
		return
	}
	a.helperTick(now)
	a.vipErrTick(now)
	a.expiryTick(now)
	a.updateTick(now)
	a.clockTick(now)
	a.trayHintTick()
	a.followTick()
}

// next is when the loop should refresh again.
func (a *app) next(now time.Time) time.Time {
	next := menu.Wake(a.views, now)
	if c := a.confirming; c.what != "" && c.until.Before(next) {
		next = c.until
	}
	return next
}

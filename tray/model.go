// Package tray is the tray program: a pure menu model (tokens, settings and
// an instant in, menu entries out), the schedule that says when the menu next
// changes, and the binding of both to the system tray.
//
// The model files import no GUI package, so their tests run anywhere and use
// a fake clock.
package tray

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
)

// TokenView is a token as the menu shows it at one instant.
type TokenView struct {
	Token  token.Token  // metadata; the model never needs the secret
	Window token.Window // the code window at the instant, if Err is nil
	Err    error        // why there is no code (secret missing, keyring locked)
}

// Problem kinds: each has one fixed line in the menu, shown while the
// problem lasts, so that a problem coming or going changes no structure.
const (
	ProblemLoad      = "load"
	ProblemKeyring   = "keyring"
	ProblemHotkey    = "hotkey"
	ProblemClipboard = "clipboard"
	ProblemSettings  = "settings"
	ProblemAutostart = "autostart"
	ProblemOpen      = "open"
	ProblemClock     = "clock"
)

var problemKinds = []string{ProblemLoad, ProblemKeyring, ProblemHotkey, ProblemClipboard, ProblemSettings, ProblemAutostart, ProblemOpen, ProblemClock}

// Status is what the program knows beside the tokens and settings.
type Status struct {
	Problems      map[string]error // by problem kind; nil or absent: no problem
	Hotkey        string           // the combination the settings ask for, resolved ("ctrl+alt+o")
	HotkeyChoices []string         // combinations offered in Settings
	Autostart     bool             // the autostart entry exists
	LeftClick     string           // the left-click mode in effect since start ("" copy, "menu")
	Version       string
	DataDir       string
	ClockSync     bool // "Sync clock" is offered
	ClockRunning  bool // a clock check is under way
	Features      FeatureStatus
	Transfer      TransferStatus // Add token, Show QR code (transfer.go)
}

// Input is everything the menu depends on.
type Input struct {
	Now      time.Time
	Tokens   []TokenView // in the user's order
	Default  string      // ID of the default token, or ""
	Settings token.Settings
	Status   Status
	Loc      *i18n.Localizer
	// Memo, when set, caches Loc's messages across builds (see Memo).
	Memo *Memo
}

// Memo caches rendered catalogue messages. From one tick to the next almost
// every label is the same, and rendering a message template costs more than
// all the rest of a tick.
type Memo struct {
	loc   *i18n.Localizer
	cache map[string]string
}

// memoLimit bounds the cache: labels with codes and countdowns keep coming.
const memoLimit = 2000

// T is loc.T, remembered.
func (m *Memo) T(loc *i18n.Localizer, id string, kv ...any) string {
	if m.loc != loc || len(m.cache) > memoLimit {
		m.loc, m.cache = loc, map[string]string{}
	}
	var key strings.Builder
	key.WriteString(id)
	for _, v := range kv {
		key.WriteByte(0)
		switch v := v.(type) {
		case string:
			key.WriteString(v)
		case int:
			key.WriteString(strconv.Itoa(v))
		default:
			fmt.Fprint(&key, v)
		}
	}
	k := key.String()
	if s, ok := m.cache[k]; ok {
		return s
	}
	s := loc.T(id, kv...)
	m.cache[k] = s
	return s
}

// Entry is one line of the menu. Key is stable across instants, so that the
// binding can update only what changed; it also names the action of a click.
type Entry struct {
	Key       string
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

// Entry keys. Token entries add the token ID: KeyCode+id.
const (
	KeyProblem      = "problem/" // + kind
	KeyCode         = "code/"
	KeyCredentialID = "credid/"
	KeyFirstRun     = "first-run"
	KeyCountdown    = "countdown"
	KeySyncClock    = "sync-clock"
	KeySettings     = "settings"
	KeyShowCredID   = "settings/credential-id"
	KeyAutostart    = "settings/autostart"
	KeyHotkey       = "settings/hotkey"
	KeyHotkeyOn     = "settings/hotkey/on"
	KeyHotkeyFailed = "settings/hotkey/failed"
	KeyHotkeyCombo  = "settings/hotkey/combo/" // + combination
	KeyNotify       = "settings/notify"
	KeyNotifyMode   = "settings/notify/" // + off, copy, change
	KeyClear        = "settings/clear"
	KeyClearAfter   = "settings/clear/" // + seconds, "never" or "custom"
	KeyLeftClick    = "settings/left-click"
	KeyLeftMode     = "settings/left-click/" // + copy, menu
	KeyLeftRestart  = "settings/left-click/restart"
	KeyLanguage     = "settings/language"
	KeyLang         = "settings/language/" // + system, en, ja
	KeyHelp         = "help"
	KeyHelpPage     = "help/" // + start, where, faq
	KeyAbout        = "about"
	KeyVersion      = "about/version"
	KeyLicense      = "about/license"
	KeyDataDir      = "about/data"
	KeyQuit         = "quit"
	keySeparator    = "separator/"
)

// Help pages, by the key suffix of their menu entries.
const (
	PageStart   = "start"
	PageWhere   = "where"
	PageFAQ     = "faq"
	PageLicense = "license"
)

// Notification modes of Settings.Notify.
const (
	NotifyAfterCopy = ""
	NotifyOff       = "off"
	NotifyChange    = "change"
)

// ClearChoices are the clipboard delays offered, in seconds.
var ClearChoices = []int{15, 30, 60}

// DefaultClearAfter is the delay when the settings name none.
const DefaultClearAfter = 30 * time.Second

// ClearAfter is the clipboard delay the settings ask for; 0 means never.
func ClearAfter(s token.Settings) time.Duration {
	switch {
	case s.ClearAfter < 0:
		return 0
	case s.ClearAfter == 0:
		return DefaultClearAfter
	}
	return time.Duration(s.ClearAfter) * time.Second
}

// Build computes the menu for in.
func Build(in Input) Menu {
	b := builder{in: in, T: in.Loc.T}
	if in.Memo != nil {
		b.T = func(id string, kv ...any) string { return in.Memo.T(in.Loc, id, kv...) }
	}
	return b.build()
}

type builder struct {
	in   Input
	T    func(id string, kv ...any) string
	seps int
}

func (b *builder) sep() Entry {
	b.seps++
	return Entry{Key: keySeparator + strconv.Itoa(b.seps), Separator: true, Visible: true}
}

func item(key, label string) Entry {
	return Entry{Key: key, Label: label, Enabled: true, Visible: true}
}

func disabled(key, label string) Entry {
	return Entry{Key: key, Label: label, Visible: true}
}

func check(key, label string, checked bool) Entry {
	return Entry{Key: key, Label: label, Enabled: true, Visible: true, Checkable: true, Checked: checked}
}

func (b *builder) build() Menu {
	in := b.in
	var es []Entry
	for _, kind := range problemKinds {
		e := disabled(KeyProblem+kind, "")
		if err := in.Status.Problems[kind]; err != nil {
			e.Label = b.T("tray.problem", "Message", in.Loc.Err(err))
		} else {
			e.Visible = false
		}
		es = append(es, e)
	}

	shared := sharedExpiry(in.Tokens)
	for _, tv := range in.Tokens {
		es = append(es, b.codeEntry(tv, shared), b.credentialEntry(tv))
		es = append(es, b.vipTokenEntries(tv)...)
	}
	if len(in.Tokens) == 0 {
		// Not when the tokens file could not be read: then there may be
		// tokens, and the problem line says what to do.
		first := item(KeyFirstRun, b.T("tray.first_run"))
		first.Visible = in.Status.Problems[ProblemLoad] == nil
		es = append(es, first)
	}
	countdown := disabled(KeyCountdown, "")
	if !shared.IsZero() {
		countdown.Label = b.T("tray.countdown", "Seconds", secondsLeft(shared, in.Now))
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
		e := item(KeySyncClock, b.T("tray.sync_clock"))
		if in.Status.ClockRunning {
			e = disabled(KeySyncClock, b.T("tray.sync_clock_running"))
		}
		es = append(es, e)
	}
	es = append(es, b.settings(), b.help(), b.sep(), item(KeyQuit, b.T("tray.quit")))
	return Menu{Entries: es, Tooltip: b.tooltip()}
}

// sharedExpiry is the instant at which the largest group (two or more) of
// tokens changes code together, or zero. Those tokens share one countdown
// line instead of one each: fewer labels change every second.
func sharedExpiry(tvs []TokenView) time.Time {
	count := map[time.Time]int{}
	var best time.Time
	for _, tv := range tvs {
		if !hasCountdown(tv) {
			continue
		}
		u := tv.Window.Until
		count[u]++
		if n := count[u]; n >= 2 && (n > count[best] || n == count[best] && u.Before(best)) {
			best = u
		}
	}
	return best
}

func hasCountdown(tv TokenView) bool {
	return tv.Err == nil && tv.Token.Kind != token.HOTP && !tv.Window.Until.IsZero()
}

// secondsLeft is until-now rounded up, as a countdown shows it.
func secondsLeft(until, now time.Time) int {
	left := until.Sub(now)
	if left <= 0 {
		return 0
	}
	return int((left + time.Second - 1) / time.Second)
}

func (b *builder) codeEntry(tv TokenView, shared time.Time) Entry {
	t := tv.Token
	key := KeyCode + t.ID
	if tv.Err != nil {
		e := disabled(key, b.T("tray.code_unavailable", "Name", t.Name))
		e.Tooltip = b.in.Loc.Err(tv.Err)
		return e
	}
	code := token.Group(tv.Window.Code)
	var label string
	if hasCountdown(tv) && !tv.Window.Until.Equal(shared) {
		label = b.T("tray.code", "Name", t.Name, "Code", code, "Seconds", secondsLeft(tv.Window.Until, b.in.Now))
	} else {
		label = b.T("tray.code_plain", "Name", t.Name, "Code", code)
	}
	e := item(key, label)
	e.Tooltip = b.T("tray.code_tip")
	return e
}

func (b *builder) credentialEntry(tv TokenView) Entry {
	e := item(KeyCredentialID+tv.Token.ID, "")
	if tv.Token.VIP == nil || tv.Token.VIP.CredentialID == "" || b.in.Settings.HideCredentialID {
		e.Visible = false
		return e
	}
	e.Label = b.T("tray.credential_id", "ID", GroupCredentialID(tv.Token.VIP.CredentialID))
	return e
}

// GroupCredentialID formats a VIP credential ID for reading: the letters of
// the prefix, then the digits in groups of four ("SYDC 1234 5678").
func GroupCredentialID(id string) string {
	id = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(id))
	i := strings.IndexFunc(id, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return id
	}
	parts := []string{id[:i]}
	for rest := id[i:]; rest != ""; {
		n := min(4, len(rest))
		parts = append(parts, rest[:n])
		rest = rest[n:]
	}
	return strings.Join(parts, " ")
}

func (b *builder) settings() Entry {
	in := b.in
	s := in.Settings
	e := item(KeySettings, b.T("tray.settings"))

	hotkey := item(KeyHotkey, b.T("tray.settings.hotkey"))
	failed := disabled(KeyHotkeyFailed, b.T("tray.settings.hotkey_failed", "Combo", ComboLabel(in.Status.Hotkey)))
	failed.Visible = in.Status.Problems[ProblemHotkey] != nil
	hotkey.Children = []Entry{check(KeyHotkeyOn, b.T("tray.settings.hotkey_on"), !s.HotkeyOff), failed, b.sep()}
	for _, c := range in.Status.HotkeyChoices {
		hotkey.Children = append(hotkey.Children, check(KeyHotkeyCombo+c, ComboLabel(c), c == in.Status.Hotkey))
	}

	notify := item(KeyNotify, b.T("tray.settings.notify"))
	for _, m := range []struct{ key, id, mode string }{
		{"off", "tray.settings.notify_off", NotifyOff},
		{"copy", "tray.settings.notify_copy", NotifyAfterCopy},
		{"change", "tray.settings.notify_change", NotifyChange},
	} {
		notify.Children = append(notify.Children, check(KeyNotifyMode+m.key, b.T(m.id), notifyMode(s) == m.mode))
	}

	clear := item(KeyClear, b.T("tray.settings.clear"))
	after := int(ClearAfter(s) / time.Second)
	known := after == 0
	for _, n := range ClearChoices {
		clear.Children = append(clear.Children, check(KeyClearAfter+strconv.Itoa(n), b.T("tray.settings.clear_after", "Seconds", n), after == n))
		known = known || after == n
	}
	clear.Children = append(clear.Children, check(KeyClearAfter+"never", b.T("tray.settings.clear_never"), after == 0))
	// A delay set in the file that the menu does not offer is shown, ticked,
	// so that no choice looks active when none is.
	custom := check(KeyClearAfter+"custom", "", true)
	custom.Enabled, custom.Visible = false, !known
	if !known {
		custom.Label = b.T("tray.settings.clear_after", "Seconds", after)
	}
	clear.Children = append(clear.Children, custom)

	left := item(KeyLeftClick, b.T("tray.settings.left_click"))
	restart := disabled(KeyLeftRestart, b.T("tray.settings.left_click_restart"))
	restart.Visible = leftMode(s.LeftClick) != leftMode(in.Status.LeftClick)
	left.Children = []Entry{
		check(KeyLeftMode+"copy", b.T("tray.settings.left_click_copy"), leftMode(s.LeftClick) == "copy"),
		check(KeyLeftMode+"menu", b.T("tray.settings.left_click_menu"), leftMode(s.LeftClick) == "menu"),
		restart,
	}

	lang := item(KeyLanguage, b.T("tray.settings.language"))
	current := s.Language
	if current == "" {
		current = "system"
	}
	lang.Children = []Entry{check(KeyLang+"system", b.T("tray.settings.language_system"), current == "system")}
	for _, l := range i18n.Languages {
		lang.Children = append(lang.Children, check(KeyLang+l, b.T("tray.lang."+l), current == l))
	}

	e.Children = []Entry{
		check(KeyShowCredID, b.T("tray.settings.credential_id"), !s.HideCredentialID),
		check(KeyAutostart, b.T("tray.settings.autostart"), in.Status.Autostart),
		b.sep(),
		hotkey, notify, clear, left, lang,
	}
	e.Children = append(e.Children, b.featureSettings()...)
	return e
}

func notifyMode(s token.Settings) string {
	switch s.Notify {
	case NotifyOff, NotifyChange:
		return s.Notify
	}
	return NotifyAfterCopy
}

func leftMode(s string) string {
	if s == "menu" {
		return "menu"
	}
	return "copy"
}

// ComboLabel writes a hotkey combination as keyboards label it: "Ctrl+Alt+O",
// the Windows key by this platform's name (desktop.WinKeyName).
func ComboLabel(combo string) string {
	parts := strings.Split(combo, "+")
	for i, p := range parts {
		switch strings.ToLower(p) {
		case "ctrl", "control":
			parts[i] = "Ctrl"
		case "alt", "option":
			parts[i] = "Alt"
		case "shift":
			parts[i] = "Shift"
		case "super", "win", "cmd", "command":
			parts[i] = desktop.WinKeyName
		default:
			if len(p) == 1 {
				parts[i] = strings.ToUpper(p)
			} else if p != "" {
				parts[i] = strings.ToUpper(p[:1]) + p[1:]
			}
		}
	}
	return strings.Join(parts, "+")
}

func (b *builder) help() Entry {
	in := b.in
	about := item(KeyAbout, b.T("tray.about"))
	about.Children = []Entry{
		disabled(KeyVersion, b.T("tray.about.version", "Version", in.Status.Version)),
		item(KeyLicense, b.T("tray.about.license")),
		item(KeyDataDir, b.T("tray.about.data", "Path", in.Status.DataDir)),
	}
	e := item(KeyHelp, b.T("tray.help"))
	e.Children = []Entry{
		item(KeyHelpPage+PageStart, b.T("tray.help.start")),
		item(KeyHelpPage+PageWhere, b.T("tray.help.where")),
		item(KeyHelpPage+PageFAQ, b.T("tray.help.faq")),
		b.sep(),
		about,
	}
	e.Children = append(e.Children, b.updateEntry()...)
	return e
}

// DefaultView is the token the icon's click, hotkey and tooltip act on: the
// default token, else the first one.
func DefaultView(tvs []TokenView, defaultID string) (TokenView, bool) {
	for _, tv := range tvs {
		if tv.Token.ID == defaultID {
			return tv, true
		}
	}
	if len(tvs) > 0 {
		return tvs[0], true
	}
	return TokenView{}, false
}

func (b *builder) tooltip() string {
	tv, ok := DefaultView(b.in.Tokens, b.in.Default)
	switch {
	case !ok:
		return b.T("tray.tooltip_empty")
	case tv.Err != nil:
		return b.T("tray.tooltip_unavailable", "Name", tv.Token.Name)
	case hasCountdown(tv):
		return b.T("tray.tooltip", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code), "Seconds", secondsLeft(tv.Window.Until, b.in.Now))
	}
	return b.T("tray.tooltip_plain", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code))
}

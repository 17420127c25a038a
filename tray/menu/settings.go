package menu

import (
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
)

// Notification modes of Prefs.Notify.
const (
	NotifyAfterCopy = ""
	NotifyOff       = "off"
	NotifyChange    = "change"
)

// Left-click modes of Prefs.LeftClick.
const (
	LeftCopy = ""
	LeftMenu = "menu"
)

// ClearChoices are the clipboard delays offered, in seconds.
var ClearChoices = []int{15, 30, 60}

// DefaultClearAfter is the delay when the settings name none.
const DefaultClearAfter = 30 * time.Second

// ClearAfter is the clipboard delay the settings ask for; 0 means never.
func ClearAfter(p prefs.Prefs) time.Duration {
	switch {
	case p.ClearAfter < 0:
		return 0
	case p.ClearAfter == 0:
		return DefaultClearAfter
	}
	return time.Duration(p.ClearAfter) * time.Second
}

// NotifyMode is the notification mode the settings ask for, unknown values
// read as the default.
func NotifyMode(p prefs.Prefs) string {
	switch p.Notify {
	case NotifyOff, NotifyChange:
		return p.Notify
	}
	return NotifyAfterCopy
}

// LeftClickCopies says whether a left-click mode copies the default code
// (else the click opens the menu).
func LeftClickCopies(mode string) bool { return mode != LeftMenu }

func (b *builder) settings() Entry {
	in := b.in
	s, p := in.Settings, in.Prefs
	e := item(KeySettings, nil, b.T("tray.settings"))

	hotkey := item(KeyHotkey, nil, b.T("tray.settings.hotkey"))
	failed := disabled(KeyHotkeyFailed, b.T("tray.settings.hotkey_failed", "Combo", comboLabel(in.Status.Hotkey, in.Status.WinKey)))
	failed.Visible = in.Status.Problems[ProblemHotkey] != nil
	hotkey.Children = []Entry{check(KeyHotkeyOn, ToggleHotkey{}, b.T("tray.settings.hotkey_on"), !p.HotkeyOff), failed, b.sep()}
	for _, c := range in.Status.HotkeyChoices {
		hotkey.Children = append(hotkey.Children, check(KeyHotkeyCombo+c, actionOf(b.in.Memo, SetHotkey{c}), comboLabel(c, in.Status.WinKey), c == in.Status.Hotkey))
	}
	hotkey.Children = append(hotkey.Children, b.numberSwitches()...)

	notify := item(KeyNotify, nil, b.T("tray.settings.notify"))
	for _, m := range []struct{ key, id, mode string }{
		{"off", "tray.settings.notify_off", NotifyOff},
		{"copy", "tray.settings.notify_copy", NotifyAfterCopy},
		{"change", "tray.settings.notify_change", NotifyChange},
	} {
		notify.Children = append(notify.Children, check(KeyNotifyMode+m.key, actionOf(b.in.Memo, SetNotify{m.mode}), b.T(m.id), NotifyMode(p) == m.mode))
	}

	clear := item(KeyClear, nil, b.T("tray.settings.clear"))
	after := int(ClearAfter(p) / time.Second)
	known := after == 0
	for _, n := range ClearChoices {
		clear.Children = append(clear.Children, check(KeyClearAfter+strconv.Itoa(n), actionOf(b.in.Memo, SetClearAfter{n}), b.T("tray.settings.clear_after", "Seconds", n), after == n))
		known = known || after == n
	}
	clear.Children = append(clear.Children, check(KeyClearAfter+"never", actionOf(b.in.Memo, SetClearAfter{-1}), b.T("tray.settings.clear_never"), after == 0))
	// A delay set in the file that the menu does not offer is shown, ticked,
	// so that no choice looks active when none is.
	custom := check(KeyClearAfter+"custom", nil, "", true)
	custom.Enabled, custom.Visible = false, !known
	if !known {
		custom.Label = b.T("tray.settings.clear_after", "Seconds", after)
	}
	clear.Children = append(clear.Children, custom)
	clear.Children = append(clear.Children, b.clearAfterPaste()...)

	left := item(KeyLeftClick, nil, b.T("tray.settings.left_click"))
	restart := disabled(KeyLeftRestart, b.T("tray.settings.left_click_restart"))
	copies := LeftClickCopies(p.LeftClick)
	restart.Visible = copies != LeftClickCopies(in.Status.LeftClick)
	left.Children = []Entry{
		check(KeyLeftMode+"copy", actionOf(b.in.Memo, SetLeftClick{LeftCopy}), b.T("tray.settings.left_click_copy"), copies),
		check(KeyLeftMode+"menu", actionOf(b.in.Memo, SetLeftClick{LeftMenu}), b.T("tray.settings.left_click_menu"), !copies),
		restart,
	}

	lang := item(KeyLanguage, nil, b.T("tray.settings.language"))
	current := s.Language
	if current == "" {
		current = "system"
	}
	lang.Children = []Entry{check(KeyLang+"system", actionOf(b.in.Memo, SetLanguage{""}), b.T("tray.settings.language_system"), current == "system")}
	for _, l := range i18n.Languages {
		lang.Children = append(lang.Children, check(KeyLang+l, actionOf(b.in.Memo, SetLanguage{l}), b.T("tray.lang."+l), current == l))
	}

	e.Children = []Entry{
		check(KeyShowCredID, ToggleCredentialID{}, b.T("tray.settings.credential_id"), !p.HideCredentialID),
		check(KeyAutostart, ToggleAutostart{}, b.T("tray.settings.autostart"), in.Status.Autostart),
		b.sep(),
		hotkey, b.typeHotkeySettings(), notify, clear, left, lang,
	}
	e.Children = append(e.Children, b.featureSettings()...)
	return e
}

// featureSettings are the features' lines in Settings: the daily update
// check and how far the clock is off.
func (b *builder) featureSettings() []Entry {
	es := []Entry{b.sep()}
	if b.in.Status.Features.UpdateCheck {
		es = append(es, check(KeyUpdateAuto, ToggleUpdateCheck{}, b.T("update.setting.auto"), !b.in.Prefs.UpdateCheckOff))
	}
	return append(es, disabled(KeyClockStatus, b.clockLine(b.in.Settings)))
}

// comboLabel writes a hotkey combination as keyboards label it: "Ctrl+Alt+O",
// the Windows key as winKey ("Win" when empty).
func comboLabel(combo, winKey string) string {
	if winKey == "" {
		winKey = "Win"
	}
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
			parts[i] = winKey
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

// clockLine says how far the clock is off, for Settings.
func (b *builder) clockLine(s token.Settings) string {
	off := token.OffsetFromSeconds(s.ClockOffset)
	switch {
	case off < 0:
		return b.T("trayvip.clock.fast", "Offset", b.duration(-off))
	case off > 0:
		return b.T("trayvip.clock.slow", "Offset", b.duration(off))
	case !s.ClockChecked.IsZero():
		return b.T("trayvip.clock.right", "Date", s.ClockChecked.In(b.in.Now.Location()).Format("2006-01-02"))
	}
	return b.T("trayvip.clock.unchecked")
}

// duration writes an offset in the user's language: "37 s", "2 min 5 s".
func (b *builder) duration(d time.Duration) string { return clocksync.Text(b.T, d) }

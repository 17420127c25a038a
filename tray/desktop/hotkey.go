package desktop

import "github.com/otptray/otptray/prefs/combo"

// The hotkey combinations are parsed in prefs/combo, which links nothing of
// the desktop, so that otptray-cli checks a combination as the tray does.
// These names keep the seams' signatures in the desktop's terms.
type (
	Hotkey    = combo.Hotkey
	Modifiers = combo.Modifiers
)

// The modifier keys, as in combo.
const (
	ModWin   = combo.ModWin
	ModCtrl  = combo.ModCtrl
	ModShift = combo.ModShift
	ModAlt   = combo.ModAlt

	DefaultHotkey = combo.DefaultHotkey
	WinKeyName    = combo.WinKeyName
)

// ParseHotkey is combo.ParseHotkey.
func ParseHotkey(s string) (Hotkey, error) { return combo.ParseHotkey(s) }

// HotkeyLabel is combo.HotkeyLabel.
func HotkeyLabel(s string) string { return combo.HotkeyLabel(s) }

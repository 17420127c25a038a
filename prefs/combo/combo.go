// Package combo reads and writes hotkey combinations ("Win+Alt+O") as the
// preferences keep them and as each platform's keyboards label them. It is
// pure text, linking no desktop library, so that otptray-cli checks a
// combination with the tray's rules and messages; the tray registers it
// with the system in tray/desktop/hotkey.
package combo

import (
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// DefaultHotkey copies the default token's code.
//
// Why Win+Alt+O:
//   - On Windows, Ctrl+Alt is AltGr: Ctrl+Alt+letter (and Ctrl+Shift+Alt+
//     letter, which is AltGr+Shift) types characters on Polish, German,
//     Czech, Nordic and US-International layouts (Ctrl+Alt+E is "€" or "ę").
//     A hotkey there would swallow those characters, so Ctrl+Alt is out.
//   - The Windows key never takes part in typing a character on any layout,
//     so Win+something cannot collide with text input.
//   - Win+letter alone is mostly reserved by Windows (Win+E, Win+L, Win+O
//     locks the screen rotation); Win+Shift+letter is taken by Windows and
//     PowerToys (Win+Shift+S, +C, +T). Win+Alt+letter is used by the Xbox
//     Game Bar and the taskbar (D, R, G, B, T, M, K) and by GNOME (S, 8);
//     we know of no system or common application that uses Win+Alt+O on
//     Windows, GNOME, KDE Plasma or macOS (where it is Cmd+Option+O).
//   - Win (Super) + Alt + O is two keys held by the left thumb and a letter
//     by the right hand; "O" as in OTP.
const DefaultHotkey = "Win+Alt+O"

// Modifiers is a set of modifier keys.
type Modifiers uint8

// The modifier keys. ModWin is the Windows key, Super on Linux, Command on
// macOS; ModAlt is Option on macOS.
const (
	ModWin Modifiers = 1 << iota
	ModCtrl
	ModShift
	ModAlt
)

// modifierOrder is how String writes the modifiers, and their names.
var modifierOrder = []struct {
	mod  Modifiers
	name string
}{
	{ModWin, "Win"},
	{ModCtrl, "Ctrl"},
	{ModShift, "Shift"},
	{ModAlt, "Alt"},
}

// modifierNames maps every accepted spelling (lower case) to its modifier.
var modifierNames = map[string]Modifiers{
	"win": ModWin, "windows": ModWin, "super": ModWin, "meta": ModWin, "cmd": ModWin, "command": ModWin,
	"ctrl": ModCtrl, "control": ModCtrl, "ctl": ModCtrl,
	"shift": ModShift,
	"alt":   ModAlt, "option": ModAlt, "opt": ModAlt,
}

// namedKeys maps the accepted spellings (lower case) of the keys that are not
// a letter, digit or function key to their canonical name. The set is what
// the hotkey library offers on every platform.
var namedKeys = map[string]string{
	"space": "Space",
	"enter": "Enter", "return": "Enter",
	"tab": "Tab",
	"esc": "Esc", "escape": "Esc",
	"delete": "Delete", "del": "Delete",
	"left": "Left", "right": "Right", "up": "Up", "down": "Down",
}

// Hotkey is a key combination: modifiers and one key. Key is the canonical
// key name: "A"–"Z", "0"–"9", "F1"–"F20", or one of Space, Enter, Tab, Esc,
// Delete, Left, Right, Up, Down.
type Hotkey struct {
	Mods Modifiers
	Key  string
}

// ParseHotkey reads a combination such as "Ctrl+Shift+Alt+O" or "win+alt+o":
// modifiers and one key joined by "+", in any order and case. The error
// names the part that is wrong.
func ParseHotkey(s string) (Hotkey, error) {
	h, err := parseHotkey(s)
	if err != nil {
		return Hotkey{}, msg.New("desktop.hotkey.parse", err, "Hotkey", s)
	}
	return h, nil
}

func parseHotkey(s string) (Hotkey, error) {
	if strings.TrimSpace(s) == "" {
		return Hotkey{}, msg.New("desktop.hotkey.empty", nil, "Example", HotkeyLabel(DefaultHotkey))
	}
	var h Hotkey
	for _, raw := range strings.Split(s, "+") {
		part := strings.TrimSpace(raw)
		if part == "" {
			return Hotkey{}, msg.New("desktop.hotkey.empty_part", nil)
		}
		lower := strings.ToLower(part)
		if m, ok := modifierNames[lower]; ok {
			if h.Mods&m != 0 {
				return Hotkey{}, msg.New("desktop.hotkey.duplicate", nil, "Part", part)
			}
			h.Mods |= m
			continue
		}
		key, ok := keyName(lower)
		if !ok {
			return Hotkey{}, msg.New("desktop.hotkey.unknown", nil, "Part", part, "Win", WinKeyName)
		}
		if h.Key != "" {
			return Hotkey{}, msg.New("desktop.hotkey.two_keys", nil, "First", h.Key, "Second", key)
		}
		h.Key = key
	}
	if h.Key == "" {
		return Hotkey{}, msg.New("desktop.hotkey.no_key", nil, "Example", HotkeyLabel(DefaultHotkey))
	}
	if h.Mods&^ModShift == 0 {
		// A bare key or Shift+key is typing, not a command.
		return Hotkey{}, msg.New("desktop.hotkey.no_modifier", nil, "Hotkey", h.Label(), "Win", WinKeyName)
	}
	return h, nil
}

// keyName returns the canonical name of a key spelled in lower case.
func keyName(lower string) (string, bool) {
	if name, ok := namedKeys[lower]; ok {
		return name, true
	}
	if len(lower) == 1 {
		c := lower[0]
		if c >= 'a' && c <= 'z' {
			return strings.ToUpper(lower), true
		}
		if c >= '0' && c <= '9' {
			return lower, true
		}
	}
	if n, ok := functionKey(lower); ok && n >= 1 && n <= 20 {
		return "F" + lower[1:], true
	}
	return "", false
}

// functionKey reads "f1".."f20" without a leading zero.
func functionKey(lower string) (int, bool) {
	if len(lower) < 2 || len(lower) > 3 || lower[0] != 'f' || lower[1] == '0' {
		return 0, false
	}
	n := 0
	for _, c := range lower[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String writes the combination as ParseHotkey reads it, modifiers in a
// fixed order: "Win+Ctrl+Shift+Alt+O". It is the form kept in the settings,
// the same on every platform.
func (h Hotkey) String() string { return h.write("Win") }

// Label writes the combination as this platform's keyboards name its keys,
// for the menu and messages: "Win+Alt+O" on Windows, "Super+Alt+O" on
// Linux. ParseHotkey reads it too.
func (h Hotkey) Label() string { return h.write(WinKeyName) }

// HotkeyLabel is the Label of a combination as the settings keep it, or
// the text itself when it does not parse.
func HotkeyLabel(combo string) string {
	h, err := parseHotkey(combo)
	if err != nil {
		return combo
	}
	return h.Label()
}

func (h Hotkey) write(winName string) string {
	var b strings.Builder
	for _, m := range modifierOrder {
		if h.Mods&m.mod != 0 {
			if m.mod == ModWin {
				b.WriteString(winName)
			} else {
				b.WriteString(m.name)
			}
			b.WriteByte('+')
		}
	}
	b.WriteString(h.Key)
	return b.String()
}

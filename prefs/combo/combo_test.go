package combo

import (
	"errors"
	"testing"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
)

func TestParseHotkey(t *testing.T) {
	tests := []struct {
		in   string
		want Hotkey
		str  string
	}{
		{"Ctrl+Shift+Alt+O", Hotkey{ModCtrl | ModShift | ModAlt, "O"}, "Ctrl+Shift+Alt+O"},
		{"Win+Alt+O", Hotkey{ModWin | ModAlt, "O"}, "Win+Alt+O"},
		{"win+alt+o", Hotkey{ModWin | ModAlt, "O"}, "Win+Alt+O"},
		{"alt + WIN + o", Hotkey{ModWin | ModAlt, "O"}, "Win+Alt+O"},
		{"Super+Alt+O", Hotkey{ModWin | ModAlt, "O"}, "Win+Alt+O"},
		{"Cmd+Option+O", Hotkey{ModWin | ModAlt, "O"}, "Win+Alt+O"},
		{"Meta+Shift+9", Hotkey{ModWin | ModShift, "9"}, "Win+Shift+9"},
		{"Control+F12", Hotkey{ModCtrl, "F12"}, "Ctrl+F12"},
		{"ctl+f1", Hotkey{ModCtrl, "F1"}, "Ctrl+F1"},
		{"Ctrl+F20", Hotkey{ModCtrl, "F20"}, "Ctrl+F20"},
		{"Alt+Space", Hotkey{ModAlt, "Space"}, "Alt+Space"},
		{"Ctrl+Return", Hotkey{ModCtrl, "Enter"}, "Ctrl+Enter"},
		{"Ctrl+Escape", Hotkey{ModCtrl, "Esc"}, "Ctrl+Esc"},
		{"Ctrl+Del", Hotkey{ModCtrl, "Delete"}, "Ctrl+Delete"},
		{"Shift+Ctrl+Left", Hotkey{ModCtrl | ModShift, "Left"}, "Ctrl+Shift+Left"},
		{"Ctrl+Tab", Hotkey{ModCtrl, "Tab"}, "Ctrl+Tab"},
		{"Windows+Ctrl+Shift+Alt+Z", Hotkey{ModWin | ModCtrl | ModShift | ModAlt, "Z"}, "Win+Ctrl+Shift+Alt+Z"},
	}
	for _, tt := range tests {
		got, err := ParseHotkey(tt.in)
		if err != nil {
			t.Errorf("ParseHotkey(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseHotkey(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("ParseHotkey(%q).String() = %q, want %q", tt.in, s, tt.str)
		}
		again, err := ParseHotkey(got.String())
		if err != nil || again != got {
			t.Errorf("ParseHotkey(%q) = %+v, %v: String does not read back", got.String(), again, err)
		}
	}
}

func TestParseHotkeyErrors(t *testing.T) {
	tests := []struct {
		in   string
		id   string // message ID of the reason
		text string // the whole English message
	}{
		{"", "desktop.hotkey.empty", `invalid hotkey "": no key combination given (for example ` + WinKeyName + `+Alt+O)`},
		{"  ", "desktop.hotkey.empty", "invalid hotkey \"  \": no key combination given (for example " + WinKeyName + "+Alt+O)"},
		{"Ctrl++O", "desktop.hotkey.empty_part", `invalid hotkey "Ctrl++O": a part between two + signs is empty`},
		{"Ctrl+", "desktop.hotkey.empty_part", `invalid hotkey "Ctrl+": a part between two + signs is empty`},
		{"Ctrl+Foo+O", "desktop.hotkey.unknown", `invalid hotkey "Ctrl+Foo+O": "Foo" is neither a modifier (Ctrl, Shift, Alt, ` + WinKeyName + `) nor a key (A–Z, 0–9, F1–F20, Space, Enter, Tab, Esc, Delete, arrow keys)`},
		{"Ctrl+F21", "desktop.hotkey.unknown", ""},
		{"Ctrl+F0", "desktop.hotkey.unknown", ""},
		{"Ctrl+F01", "desktop.hotkey.unknown", ""},
		{"Ctrl+Ö", "desktop.hotkey.unknown", ""},
		{"Ctrl+ctrl+O", "desktop.hotkey.duplicate", `invalid hotkey "Ctrl+ctrl+O": ctrl is given twice`},
		{"Super+Win+O", "desktop.hotkey.duplicate", ""},
		{"Ctrl+O+P", "desktop.hotkey.two_keys", `invalid hotkey "Ctrl+O+P": it has two keys, O and P: use one key with modifiers`},
		{"Ctrl+Alt", "desktop.hotkey.no_key", `invalid hotkey "Ctrl+Alt": it has no key after the modifiers (for example ` + WinKeyName + `+Alt+O)`},
		{"O", "desktop.hotkey.no_modifier", `invalid hotkey "O": O would fire while typing: add Ctrl, Alt or ` + WinKeyName},
		{"Shift+o", "desktop.hotkey.no_modifier", `invalid hotkey "Shift+o": Shift+O would fire while typing: add Ctrl, Alt or ` + WinKeyName},
	}
	for _, tt := range tests {
		h, err := ParseHotkey(tt.in)
		if err == nil {
			t.Errorf("ParseHotkey(%q) = %+v, want an error", tt.in, h)
			continue
		}
		var outer *msg.Error
		if !errors.As(err, &outer) || outer.ID != "desktop.hotkey.parse" {
			t.Errorf("ParseHotkey(%q): error %v is not a desktop.hotkey.parse message", tt.in, err)
			continue
		}
		var reason *msg.Error
		if !errors.As(outer.Cause, &reason) || reason.ID != tt.id {
			t.Errorf("ParseHotkey(%q): reason %v, want message %s", tt.in, outer.Cause, tt.id)
		}
		if tt.text != "" && inEnglish(err) != tt.text {
			t.Errorf("ParseHotkey(%q) error:\n got %s\nwant %s", tt.in, err, tt.text)
		}
	}
}

// TestParseHotkeyJapanese: the reason is translated with the part named.
func TestParseHotkeyJapanese(t *testing.T) {
	_, err := ParseHotkey("Ctrl+Foo+O")
	got := i18n.New("ja").Err(err)
	want := `ホットキー "Ctrl+Foo+O" が正しくありません: "Foo" は修飾キー（Ctrl、Shift、Alt、` + WinKeyName + `）でもキー（A〜Z、0〜9、F1〜F20、Space、Enter、Tab、Esc、Delete、矢印キー）でもありません`
	if got != want {
		t.Errorf("Japanese error:\n got %s\nwant %s", got, want)
	}
}

func TestDefaultHotkeyParses(t *testing.T) {
	h, err := ParseHotkey(DefaultHotkey)
	if err != nil {
		t.Fatal(err)
	}
	if h.String() != DefaultHotkey {
		t.Errorf("DefaultHotkey %q reads back as %q", DefaultHotkey, h)
	}
	if h.Mods&ModCtrl != 0 && h.Mods&ModAlt != 0 {
		t.Errorf("DefaultHotkey %q holds Ctrl+Alt, which is AltGr on Windows", DefaultHotkey)
	}
}

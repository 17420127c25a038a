//go:build !windows && !darwin

package hotkey

import (
	"strings"
	"testing"

	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/tray/desktop"
)

func TestKeysym(t *testing.T) {
	// Values from X11/keysymdef.h.
	tests := []struct {
		key  string
		want xproto.Keysym
	}{
		{"A", 0x61}, {"O", 0x6f}, {"Z", 0x7a},
		{"0", 0x30}, {"9", 0x39},
		{"F1", 0xffbe}, {"F12", 0xffc9}, {"F13", 0xffca}, {"F20", 0xffd1},
		{"Space", 0x20}, {"Enter", 0xff0d}, {"Tab", 0xff09}, {"Esc", 0xff1b}, {"Delete", 0xffff},
		{"Left", 0xff51}, {"Up", 0xff52}, {"Right", 0xff53}, {"Down", 0xff54},
	}
	for _, tt := range tests {
		got, ok := keysym(tt.key)
		if !ok || got != tt.want {
			t.Errorf("keysym(%q) = %#x, %v; want %#x", tt.key, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "a", "F0", "F21", "F01", "Home", "AA"} {
		if ks, ok := keysym(bad); ok {
			t.Errorf("keysym(%q) = %#x, want none", bad, ks)
		}
	}
}

// TestKeysymEveryKey: every key ParseHotkey accepts has a keysym.
func TestKeysymEveryKey(t *testing.T) {
	var names []string
	for c := 'A'; c <= 'Z'; c++ {
		names = append(names, string(c))
	}
	for c := '0'; c <= '9'; c++ {
		names = append(names, string(c))
	}
	for n := 1; n <= 20; n++ {
		names = append(names, "F"+itoa(n))
	}
	names = append(names, "space", "return", "tab", "escape", "del", "left", "right", "up", "down")
	for _, name := range names {
		h, err := desktop.ParseHotkey("Ctrl+" + name)
		if err != nil {
			t.Errorf("ParseHotkey(Ctrl+%s): %v", name, err)
			continue
		}
		if _, ok := keysym(h.Key); !ok {
			t.Errorf("key %s (from %s) has no keysym", h.Key, name)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestKeyboardKeycode(t *testing.T) {
	// Two keysyms per keycode, keycodes from 8: "o O" at 8, "1 exclam" at 9,
	// and a second "o" (unshifted column empty) at 10.
	kb := &keyboard{min: 8, perCode: 2, keysyms: []xproto.Keysym{0x6f, 0x4f, 0x31, 0x21, 0, 0x6f}}
	if code, ok := kb.keycode(0x6f); !ok || code != 8 {
		t.Errorf("keycode(o) = %d, %v; want 8", code, ok)
	}
	if code, ok := kb.keycode(0x21); !ok || code != 9 {
		t.Errorf("keycode(exclam) = %d, %v; want 9", code, ok)
	}
	if _, ok := kb.keycode(0x70); ok {
		t.Error("keycode(p) found a key")
	}
	kb.modCodes[5] = []xproto.Keycode{9} // keycode 9 is Mod3 (index 5: after Shift, Lock, Control, Mod1, Mod2)
	if m := kb.modifierMask(maskMod2, 0x31); m != 1<<5 {
		t.Errorf("modifierMask = %#x, want %#x", m, 1<<5)
	}
	if m := kb.modifierMask(maskMod2, 0x70); m != maskMod2 {
		t.Errorf("modifierMask of an unmapped key = %#x, want the fallback %#x", m, maskMod2)
	}
}

// TestRegisterWithoutDisplay: no panic, an error that names the combination.
func TestRegisterWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	h, _ := desktop.ParseHotkey(desktop.DefaultHotkey)
	un, err := Register(h, func() {})
	if err == nil {
		un()
		t.Fatal("Register without a display succeeded")
	}
	want := "could not register the hotkey Win+Alt+O (if another program uses it, choose another combination in Settings → Hotkey): open the X display: "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q\nwant it to start with %q", err, want)
	}
}

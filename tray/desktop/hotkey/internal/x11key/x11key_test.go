package x11key

import (
	"fmt"
	"testing"
	"time"

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
		{"0", 0x30}, {"1", 0x31}, {"9", 0x39},
		{"F1", 0xffbe}, {"F12", 0xffc9}, {"F13", 0xffca}, {"F20", 0xffd1},
		{"Space", 0x20}, {"Enter", 0xff0d}, {"Tab", 0xff09}, {"Esc", 0xff1b}, {"Delete", 0xffff},
		{"Left", 0xff51}, {"Up", 0xff52}, {"Right", 0xff53}, {"Down", 0xff54},
	}
	for _, tt := range tests {
		got, ok := Keysym(tt.key)
		if !ok || got != tt.want {
			t.Errorf("Keysym(%q) = %#x, %v; want %#x", tt.key, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "a", "F0", "F21", "F01", "Home", "AA"} {
		if ks, ok := Keysym(bad); ok {
			t.Errorf("Keysym(%q) = %#x, want none", bad, ks)
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
		names = append(names, fmt.Sprintf("F%d", n))
	}
	names = append(names, "space", "return", "tab", "escape", "del", "left", "right", "up", "down")
	for _, name := range names {
		h, err := desktop.ParseHotkey("Ctrl+" + name)
		if err != nil {
			t.Errorf("ParseHotkey(Ctrl+%s): %v", name, err)
			continue
		}
		if _, ok := Keysym(h.Key); !ok {
			t.Errorf("key %s (from %s) has no keysym", h.Key, name)
		}
	}
}

func TestKeyboardKeycode(t *testing.T) {
	// Two keysyms per keycode, keycodes from 8: "o O" at 8, "1 exclam" at 9,
	// and a second "o" (unshifted column empty) at 10.
	kb := &Keyboard{Min: 8, PerCode: 2, Keysyms: []xproto.Keysym{0x6f, 0x4f, 0x31, 0x21, 0, 0x6f}}
	if code, ok := kb.Keycode(0x6f); !ok || code != 8 {
		t.Errorf("Keycode(o) = %d, %v; want 8", code, ok)
	}
	if code, ok := kb.Keycode(0x21); !ok || code != 9 {
		t.Errorf("Keycode(exclam) = %d, %v; want 9", code, ok)
	}
	if _, ok := kb.Keycode(0x70); ok {
		t.Error("Keycode(p) found a key")
	}
	kb.ModCodes[5] = []xproto.Keycode{9} // keycode 9 is Mod3 (index 5: after Shift, Lock, Control, Mod1, Mod2)
	if m := kb.ModifierMask(MaskMod2, 0x31); m != 1<<5 {
		t.Errorf("ModifierMask = %#x, want %#x", m, 1<<5)
	}
	if m := kb.ModifierMask(MaskMod2, 0x70); m != MaskMod2 {
		t.Errorf("ModifierMask of an unmapped key = %#x, want the fallback %#x", m, MaskMod2)
	}
}

// Keycodes of a small US keyboard, as an X server with the evdev rules has
// them (xmodmap -pke).
const (
	kcShiftL   = 50
	kcControlL = 37
	kcAltL     = 64
	kcSuperL   = 133
	kcSuperR   = 134
	kcCapsLock = 66
	kcNumLock  = 77
	kcHyper    = 207 // Hyper_L, which the usual map puts on Mod4 as well
	kcO        = 32
	kcP        = 33
	kc7        = 16
	kcF9       = 75
)

// usKeyboard is that keyboard; when superOnMod3 is set, Super is Mod3
// instead of Mod4 (some layouts do that).
func usKeyboard(superOnMod3 bool) *Keyboard {
	const min, max, per = 8, 255, 2
	kb := &Keyboard{Min: min, PerCode: per, Keysyms: make([]xproto.Keysym, (max-min+1)*per)}
	set := func(code int, syms ...xproto.Keysym) { copy(kb.Keysyms[(code-min)*per:], syms) }
	set(kcShiftL, 0xffe1)
	set(kcControlL, 0xffe3)
	set(kcAltL, ksAltL, 0xffe7)
	set(kcSuperL, ksSuperL)
	set(kcSuperR, ksSuperR)
	set(kcCapsLock, 0xffe5)
	set(kcNumLock, ksNumLock)
	set(kcHyper, 0xffed)
	set(kcO, 'o', 'O')
	set(kcP, 'p', 'P')
	set(kc7, '7', '&')
	set(kcF9, 0xffc6)
	kb.ModCodes = [8][]xproto.Keycode{
		{kcShiftL}, {kcCapsLock}, {kcControlL}, {kcAltL}, {kcNumLock}, nil, {kcSuperL, kcSuperR, kcHyper}, nil,
	}
	if superOnMod3 {
		kb.ModCodes[5], kb.ModCodes[6] = kb.ModCodes[6], nil
	}
	return kb
}

func TestCombo(t *testing.T) {
	tests := []struct {
		hotkey      string
		superOnMod3 bool
		want        Combo
	}{
		{"Win+Alt+O", false, Combo{Keysym: 'o', Code: kcO, Mods: MaskMod1 | MaskMod4, Ignored: MaskLock | MaskMod2}},
		{"Win+Alt+O", true, Combo{Keysym: 'o', Code: kcO, Mods: MaskMod1 | 1<<5, Ignored: MaskLock | MaskMod2}},
		{"Ctrl+Shift+F9", false, Combo{Keysym: 0xffc6, Code: kcF9, Mods: MaskControl | MaskShift, Ignored: MaskLock | MaskMod2}},
		{"Alt+7", false, Combo{Keysym: '7', Code: kc7, Mods: MaskMod1, Ignored: MaskLock | MaskMod2}},
	}
	for _, tt := range tests {
		h, err := desktop.ParseHotkey(tt.hotkey)
		if err != nil {
			t.Fatal(err)
		}
		got, err := usKeyboard(tt.superOnMod3).Combo(h)
		if err != nil {
			t.Errorf("Combo(%s): %v", tt.hotkey, err)
			continue
		}
		if got.Keysym != tt.want.Keysym || got.Code != tt.want.Code || got.Mods != tt.want.Mods || got.Ignored != tt.want.Ignored {
			t.Errorf("Combo(%s, super on Mod3: %v) = %+v, want %+v", tt.hotkey, tt.superOnMod3, got, tt.want)
		}
	}
	for _, bad := range []desktop.Hotkey{
		{Mods: desktop.ModCtrl, Key: "Home"}, // no such key name
		{Mods: desktop.ModCtrl, Key: "Z"},    // not on this keyboard
		{Key: "O"},                           // no modifier
	} {
		if c, err := usKeyboard(false).Combo(bad); err == nil {
			t.Errorf("Combo(%+v) = %+v, want an error", bad, c)
		}
	}
}

// keymap is a QueryKeymap reply with the given keys down.
func keymap(codes ...xproto.Keycode) []byte {
	keys := make([]byte, 32)
	for _, c := range codes {
		keys[c/8] |= 1 << (c % 8)
	}
	return keys
}

func TestHeld(t *testing.T) {
	h, _ := desktop.ParseHotkey("Win+Alt+O")
	c, err := usKeyboard(false).Combo(h)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		down    []xproto.Keycode
		held    bool
		keyDown bool
	}{
		{"the combination", []xproto.Keycode{kcSuperL, kcAltL, kcO}, true, true},
		{"with the right Super", []xproto.Keycode{kcSuperR, kcAltL, kcO}, true, true},
		{"with both Supers", []xproto.Keycode{kcSuperL, kcSuperR, kcAltL, kcO}, true, true},
		{"Caps Lock held too", []xproto.Keycode{kcCapsLock, kcSuperL, kcAltL, kcO}, true, true},
		{"Num Lock held too", []xproto.Keycode{kcNumLock, kcSuperL, kcAltL, kcO}, true, true},
		{"nothing", nil, false, false},
		{"Super alone", []xproto.Keycode{kcSuperL}, false, false},
		{"Super and Alt", []xproto.Keycode{kcSuperL, kcAltL}, false, false},
		{"the key alone", []xproto.Keycode{kcO}, false, true},
		{"without Super", []xproto.Keycode{kcAltL, kcO}, false, true},
		{"with Ctrl too", []xproto.Keycode{kcControlL, kcSuperL, kcAltL, kcO}, false, true},
		{"with Shift too", []xproto.Keycode{kcShiftL, kcSuperL, kcAltL, kcO}, false, true},
		{"another key", []xproto.Keycode{kcSuperL, kcAltL, kcP}, false, false},
		{"Hyper for Super", []xproto.Keycode{kcHyper, kcAltL, kcO}, true, true}, // the same modifier bit: the server cannot tell them apart either
	}
	for _, tt := range tests {
		keys := keymap(tt.down...)
		if got := c.Held(keys); got != tt.held {
			t.Errorf("%s: Held = %v, want %v", tt.name, got, tt.held)
		}
		if got := c.KeyDown(keys); got != tt.keyDown {
			t.Errorf("%s: KeyDown = %v, want %v", tt.name, got, tt.keyDown)
		}
	}
	if c.Held(nil) || c.KeyDown(nil) {
		t.Error("an empty reply counts as held")
	}
}

func TestPresses(t *testing.T) {
	// Events as the library delivers them, with what a snapshot of the
	// keyboard shows on their arrival: "down+" is a key-down with the
	// combination held, "down-" one without; "up+" is a key-up with the
	// hotkey's key still down, "up-" one with it released; "wait" lets
	// ReleaseGap pass, other events come 10 ms apart. want lists the
	// events that count as a press.
	tests := []struct {
		name   string
		events []string
		want   []int
	}{
		{"a press", []string{"down+", "up-"}, []int{0}},
		{"modifiers first, no window focused", []string{"down-", "down-", "down+", "up+", "up+", "up-"}, []int{2}},
		{"two presses", []string{"down+", "up-", "wait", "down+", "up-"}, []int{0, 3}},
		{"two presses, quickly", []string{"down+", "up-", "down+", "up-"}, []int{0, 2}},
		{"held while the key repeats", []string{"down+", "up+", "down+", "up+", "down+", "up-"}, []int{0}},
		{"too quick for the snapshot", []string{"down-", "down-", "down-", "up-"}, []int{3}},
		{"too quick, modifiers' key-ups late too", []string{"down-", "down-", "down-", "up-", "up-", "up-"}, []int{3}},
		{"too quick, key-ups seen first", []string{"up-", "up-", "down-", "up-", "down-", "down-"}, []int{0}},
		{"quick, then a held press", []string{"down-", "up-", "down+", "up-"}, []int{1, 2}},
		{"quick twice", []string{"down-", "up-", "up-", "wait", "down-", "up-", "up-"}, []int{1, 5}},
		{"held, then quick", []string{"down+", "up-", "wait", "up-", "down-"}, []int{0, 3}},
		{"other keys only", []string{"down-", "down-", "down-"}, nil},
		{"a late key-up after a press", []string{"down+", "up-", "up-"}, []int{0}},
	}
	for _, tt := range tests {
		var p Presses
		now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		var got []int
		for i, ev := range tt.events {
			now = now.Add(10 * time.Millisecond)
			var press bool
			switch ev {
			case "down+":
				press = p.Down(true)
			case "down-":
				press = p.Down(false)
			case "up+":
				press = p.Up(true, now)
			case "up-":
				press = p.Up(false, now)
			case "wait":
				now = now.Add(ReleaseGap)
			default:
				t.Fatalf("bad event %q", ev)
			}
			if press {
				got = append(got, i)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %v: presses at %v, want %v", tt.name, tt.events, got, tt.want)
		}
	}
}

package x11key

import (
	"fmt"
	"slices"
	"strconv"
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
		{"Win+Alt+O", false, Combo{Code: kcO, Mods: MaskMod1 | MaskMod4, Ignored: MaskLock | MaskMod2}},
		{"Win+Alt+O", true, Combo{Code: kcO, Mods: MaskMod1 | 1<<5, Ignored: MaskLock | MaskMod2}},
		{"Ctrl+Shift+F9", false, Combo{Code: kcF9, Mods: MaskControl | MaskShift, Ignored: MaskLock | MaskMod2}},
		{"Alt+7", false, Combo{Code: kc7, Mods: MaskMod1, Ignored: MaskLock | MaskMod2}},
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
		if got != tt.want {
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

func TestGrabs(t *testing.T) {
	tests := []struct {
		c    Combo
		want []uint16
	}{
		{Combo{Mods: MaskMod1 | MaskMod4, Ignored: MaskLock | MaskMod2}, []uint16{
			MaskMod1 | MaskMod4,
			MaskMod1 | MaskMod4 | MaskLock,
			MaskMod1 | MaskMod4 | MaskMod2,
			MaskMod1 | MaskMod4 | MaskLock | MaskMod2,
		}},
		// No Num Lock key in the modifier map: it falls back to Mod2 in
		// Combo, but a map may give it any bit, or none beyond Lock.
		{Combo{Mods: MaskControl, Ignored: MaskLock}, []uint16{MaskControl, MaskControl | MaskLock}},
	}
	for _, tt := range tests {
		got := tt.c.Grabs()
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: Grabs = %#x, want %#x", tt.c, got, tt.want)
		}
	}
}

func TestMatches(t *testing.T) {
	h, _ := desktop.ParseHotkey("Win+Alt+O")
	c, err := usKeyboard(false).Combo(h)
	if err != nil {
		t.Fatal(err)
	}
	const button1 = 1 << 8 // a mouse button held: not a modifier key
	tests := []struct {
		name  string
		code  xproto.Keycode
		state uint16
		want  bool
	}{
		{"the combination", kcO, MaskMod4 | MaskMod1, true},
		{"Caps Lock on", kcO, MaskMod4 | MaskMod1 | MaskLock, true},
		{"Num Lock on", kcO, MaskMod4 | MaskMod1 | MaskMod2, true},
		{"both on", kcO, MaskMod4 | MaskMod1 | MaskLock | MaskMod2, true},
		{"a mouse button held", kcO, MaskMod4 | MaskMod1 | button1, true},
		{"the key alone", kcO, 0, false},
		{"without Super", kcO, MaskMod1, false},
		{"with Ctrl too", kcO, MaskMod4 | MaskMod1 | MaskControl, false},
		{"with Shift too", kcO, MaskMod4 | MaskMod1 | MaskShift, false},
		{"another key", kcP, MaskMod4 | MaskMod1, false},
	}
	for _, tt := range tests {
		if got := c.Matches(tt.code, tt.state); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPresses(t *testing.T) {
	// The key events of the hotkey's key as a grab delivers them: "P" is a
	// press with the combination's modifiers, "p" one with others (a
	// modifier let go while the key is held), "R" a release; "@n" is the
	// event's time in ms. want lists the events that count as a press.
	tests := []struct {
		name   string
		events []string
		want   []int
	}{
		{"a press", []string{"P@0", "R@80"}, []int{0}},
		{"held: the server repeats it", []string{"P@0", "R@660", "P@660", "R@700", "P@700", "R@750"}, []int{0}},
		{"two presses", []string{"P@0", "R@80", "P@400", "R@480"}, []int{0, 2}},
		{"two presses, one ms apart", []string{"P@0", "R@1", "P@2", "R@3"}, []int{0, 2}},
		{"too quick to tell from a repeat", []string{"P@0", "R@1", "P@1", "R@2"}, []int{0}},
		{"Super let go and pressed again while held", []string{"P@0", "R@660", "p@660", "R@700", "P@700", "R@750"}, []int{0}},
		{"a press after a repeat with other modifiers", []string{"P@0", "R@660", "p@660", "R@700", "P@900", "R@950"}, []int{0, 4}},
		{"other modifiers only", []string{"p@0", "R@80"}, nil},
		{"a release missed", []string{"P@0", "P@500", "R@580"}, []int{0, 1}},
	}
	for _, tt := range tests {
		var p Presses
		var got []int
		for i, ev := range tt.events {
			kind, at, _ := strings.Cut(ev, "@")
			ms, err := strconv.Atoi(at)
			if err != nil {
				t.Fatalf("bad event %q", ev)
			}
			ts := xproto.Timestamp(1000000 + ms)
			switch kind {
			case "P", "p":
				if p.Press(kind == "P", ts) {
					got = append(got, i)
				}
			case "R":
				p.Release(ts)
			default:
				t.Fatalf("bad event %q", ev)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %v: presses at %v, want %v", tt.name, tt.events, got, tt.want)
		}
	}
}

package x11keymap

import (
	"slices"
	"testing"
)

// keymap writes a map out from keycode 8, two keysyms per code.
func keymap(keys ...[2]uint32) *Map {
	m := &Map{Min: 8, PerCode: 2}
	for _, k := range keys {
		m.Keysyms = append(m.Keysyms, k[0], k[1])
	}
	return m
}

var (
	us = keymap( // keycodes 8..
		[2]uint32{'1', '!'},             // 8
		[2]uint32{'a', 'A'},             // 9
		[2]uint32{ShiftL, 0},            // 10
		[2]uint32{Tab, 0},               // 11
		[2]uint32{superL, 0},            // 12
		[2]uint32{altL, metaL},          // 13
		[2]uint32{controlR, 0},          // 14
		[2]uint32{level3Shift, 0},       // 15
		[2]uint32{0, 0},                 // 16: spare
		[2]uint32{'!', '1'},             // 17: a second key with 1, shifted
		[2]uint32{0x1000416, 0x1000436}, // 18: Ж ж, upper case first
		[2]uint32{0x10003b1, 0x1000391}, // 19: α Α
	)
	fr = keymap(
		[2]uint32{'&', '1'},  // 8
		[2]uint32{'q', 'Q'},  // 9
		[2]uint32{ShiftL, 0}, // 10
	)
)

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		m     *Map
		ks    uint32
		caps  bool
		code  uint8
		shift bool
		found bool
	}{
		{"us 1 unshifted, preferred to a shifted one", us, '1', false, 8, false, true},
		{"us !", us, '!', false, 17, false, true},
		{"us a", us, 'a', false, 9, false, true},
		{"us A", us, 'A', false, 9, true, true},
		{"caps lock: a needs Shift", us, 'a', true, 9, true, true},
		{"caps lock: A needs none", us, 'A', true, 9, false, true},
		{"caps lock leaves digits alone", us, '1', true, 8, false, true},
		{"caps lock: Greek α needs Shift", us, Keysym('α'), true, 19, true, true},
		{"caps lock: Ж upper case first is no case pair", us, Keysym('Ж'), true, 18, false, true},
		{"Tab", us, Tab, false, 11, false, true},
		{"fr 1 needs Shift", fr, '1', false, 8, true, true},
		{"fr 1 with caps lock still needs Shift", fr, '1', true, 8, true, true},
		{"missing", fr, 'z', false, 0, false, false},
		{"€ is on no key", us, Keysym('€'), false, 0, false, false},
	}
	for _, tt := range tests {
		code, shift, ok := tt.m.Find(tt.ks, tt.caps)
		if code != tt.code || shift != tt.shift || ok != tt.found {
			t.Errorf("%s: Find(%#x) = %d, %v, %v; want %d, %v, %v", tt.name, tt.ks, code, shift, ok, tt.code, tt.shift, tt.found)
		}
	}
	if _, _, ok := (&Map{}).Find('1', false); ok {
		t.Error("an empty map types 1")
	}
}

func TestKeysym(t *testing.T) {
	for r, want := range map[rune]uint32{'0': 0x30, '9': 0x39, 'A': 0x41, ' ': 0x20, 'é': 0xe9, '€': 0x10020ac, 'あ': 0x1003042} {
		if got := Keysym(r); got != want {
			t.Errorf("Keysym(%q) = %#x, want %#x", r, got, want)
		}
	}
}

func pressed(codes ...uint8) []byte {
	b := make([]byte, 32)
	for _, c := range codes {
		b[c/8] |= 1 << (c % 8)
	}
	return b
}

func TestHeld(t *testing.T) {
	tests := []struct {
		codes []uint8
		want  uint8
	}{
		{nil, 0},
		{[]uint8{8, 9, 11}, 0},
		{[]uint8{10}, Shift},
		{[]uint8{12, 13}, Super | Alt},
		{[]uint8{14}, Ctrl},
		{[]uint8{15}, Alt},
		{[]uint8{8, 10, 12, 13, 14}, Shift | Super | Alt | Ctrl},
		{[]uint8{200, 255}, 0}, // beyond the map
	}
	for _, tt := range tests {
		if got := us.Held(pressed(tt.codes...)); got != tt.want {
			t.Errorf("Held(%v) = %#x, want %#x", tt.codes, got, tt.want)
		}
	}
}

func TestSpares(t *testing.T) {
	m := keymap([2]uint32{0, 0}, [2]uint32{'1', '!'}, [2]uint32{0, 'x'}, [2]uint32{0, 0}, [2]uint32{'2', '@'})
	if got, want := m.Spares(), []uint8{11, 8}; !slices.Equal(got, want) {
		t.Errorf("Spares() = %v, want %v", got, want)
	}
	if got := (&Map{}).Spares(); got != nil {
		t.Errorf("an empty map has spares %v", got)
	}
}

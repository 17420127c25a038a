package prefs

import (
	"fmt"
	"slices"
	"testing"
)

func TestPresets(t *testing.T) {
	ids := make([]string, 11)
	for i := range ids {
		ids[i] = fmt.Sprintf("t%d", i+1)
	}
	show := func(ps []Preset) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.TokenID+"="+p.Combo)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		p    Prefs
		ids  []string
		want []string
	}{
		{"off", Prefs{}, ids, nil},
		{"type, three tokens", Prefs{NumberTypeHotkeys: true}, ids[:3], []string{"t1=Win+Alt+1", "t2=Win+Alt+2", "t3=Win+Alt+3"}},
		{"copy and type", Prefs{NumberTypeHotkeys: true, NumberCopyHotkeys: true}, ids[:2],
			[]string{"t1=Win+Alt+1", "t1=Win+Ctrl+1", "t2=Win+Alt+2", "t2=Win+Ctrl+2"}},
		{"first nine only", Prefs{NumberCopyHotkeys: true}, ids, []string{
			"t1=Win+Ctrl+1", "t2=Win+Ctrl+2", "t3=Win+Ctrl+3", "t4=Win+Ctrl+4", "t5=Win+Ctrl+5",
			"t6=Win+Ctrl+6", "t7=Win+Ctrl+7", "t8=Win+Ctrl+8", "t9=Win+Ctrl+9"}},
		{"a token's own hotkey wins", Prefs{NumberTypeHotkeys: true, Tokens: map[string]TokenPrefs{
			"t3": {CopyHotkey: "super+alt+1"}, // written another way
			"t1": {TypeHotkey: "Win+Alt+2"},
		}}, ids[:3], []string{"t3=Win+Alt+3"}},
		{"the copy and type hotkeys win", Prefs{NumberTypeHotkeys: true, NumberCopyHotkeys: true, Hotkey: "Win+Ctrl+1", TypeHotkey: "Win+Alt+2"}, ids[:2],
			[]string{"t1=Win+Alt+1", "t2=Win+Ctrl+2"}},
		{"a hotkey that is off does not", Prefs{NumberCopyHotkeys: true, Hotkey: "Win+Ctrl+1", HotkeyOff: true}, ids[:1], []string{"t1=Win+Ctrl+1"}},
	} {
		if got := show(Presets(tt.p, tt.ids)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPresetsMissNoDefault: the presets never take the default copy or
// type hotkey, nor one Settings offers.
func TestPresetsMissNoDefault(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}
	all := Presets(Prefs{NumberTypeHotkeys: true, NumberCopyHotkeys: true}, ids)
	if len(all) != 18 {
		t.Fatalf("%d presets, want 18", len(all))
	}
	for _, p := range all {
		for _, c := range []string{DefaultTypeHotkey, "Win+Alt+O", "Win+Alt+Y", "Win+Shift+Alt+O"} {
			if p.Combo == c {
				t.Errorf("preset %+v takes %s", p, c)
			}
		}
	}
}

package prefs

import (
	"strconv"

	"github.com/otptray/otptray/prefs/combo"
)

// The number hotkeys are presets that give the first nine tokens in menu
// order hotkeys of their own at once: Win+Alt+1 … Win+Alt+9 type a token's
// code (NumberTypeHotkeys), Win+Ctrl+1 … Win+Ctrl+9 copy it
// (NumberCopyHotkeys). The Windows key types no character on any layout,
// and neither modifier pair is Ctrl+Alt, which is AltGr on Windows. A
// combination that another hotkey of the preferences has (the copy or
// type hotkey, a token's own) stays with that one: the preset skips it.
const (
	numberTypeMods = "Win+Alt+"
	numberCopyMods = "Win+Ctrl+"
	// NumberKeys is how many tokens get number hotkeys.
	NumberKeys = 9
)

// Preset is one number hotkey.
type Preset struct {
	TokenID string
	Type    bool   // types the code; else copies it
	Combo   string // canonical, "Win+Alt+1"
}

// NumberRange is how a preset's combinations read in a sentence: the first
// and the last, "Win+Alt+1" and "Win+Alt+9".
func NumberRange(typ bool) (first, last string) {
	mods := numberCopyMods
	if typ {
		mods = numberTypeMods
	}
	return mods + "1", mods + strconv.Itoa(NumberKeys)
}

// Presets are the number hotkeys the preferences turn on for the tokens
// ids, in menu order: for each of the first nine, its type preset, then
// its copy preset.
func Presets(p Prefs, ids []string) []Preset {
	if !p.NumberTypeHotkeys && !p.NumberCopyHotkeys {
		return nil
	}
	taken := p.hotkeysSet()
	var out []Preset
	for i, id := range ids[:min(len(ids), NumberKeys)] {
		digit := strconv.Itoa(i + 1)
		for _, k := range []struct {
			on   bool
			typ  bool
			mods string
		}{{p.NumberTypeHotkeys, true, numberTypeMods}, {p.NumberCopyHotkeys, false, numberCopyMods}} {
			if c := k.mods + digit; k.on && !taken[c] {
				out = append(out, Preset{TokenID: id, Type: k.typ, Combo: c})
			}
		}
	}
	return out
}

// hotkeysSet are the combinations, canonical, that the preferences give
// hotkeys other than the presets.
func (p Prefs) hotkeysSet() map[string]bool {
	set := map[string]bool{}
	add := func(s, def string) {
		if s == "" {
			s = def
		}
		if h, err := combo.ParseHotkey(s); err == nil && s != "" {
			set[h.String()] = true
		}
	}
	if !p.HotkeyOff {
		add(p.Hotkey, combo.DefaultHotkey)
	}
	if !p.TypeHotkeyOff {
		add(p.TypeHotkey, DefaultTypeHotkey)
	}
	for _, t := range p.Tokens {
		add(t.CopyHotkey, "")
		add(t.TypeHotkey, "")
	}
	return set
}

package menu

import "github.com/otptray/otptray/prefs"

// The number hotkeys (prefs.Presets): two switches under Hotkey in
// Settings, and each token's preset shown beside its entries, the copy
// hotkey beside the code (which a click copies), the type hotkey beside
// "Type code".

// KeyNumberHotkeys is a switch of the number hotkeys: + "type" or "copy".
const KeyNumberHotkeys = "settings/hotkey/number/"

// ToggleNumberHotkeys turns the number hotkeys that type (Type) or copy
// the codes on or off.
type ToggleNumberHotkeys struct{ Type bool }

func (ToggleNumberHotkeys) isAction() {}

// tokenPresets are the number hotkeys of the tokens, by token ID.
type tokenPresets map[string]struct{ copy, typ string }

func presetsOf(in Input) tokenPresets {
	if !in.Prefs.NumberTypeHotkeys && !in.Prefs.NumberCopyHotkeys {
		return nil
	}
	ids := make([]string, len(in.Tokens))
	for i, tv := range in.Tokens {
		ids[i] = tv.Token.ID
	}
	out := tokenPresets{}
	for _, p := range prefs.Presets(in.Prefs, ids) {
		e := out[p.TokenID]
		if p.Type {
			e.typ = p.Combo
		} else {
			e.copy = p.Combo
		}
		out[p.TokenID] = e
	}
	return out
}

// withPreset is label with the token's number hotkey that types (typ) or
// copies its code, when it has one.
func (b *builder) withPreset(label, id string, typ bool) string {
	e := b.presets[id]
	c := e.copy
	if typ {
		c = e.typ
	}
	if c == "" {
		return label
	}
	return b.T("clipafter.menu.with_hotkey", "Label", label, "Hotkey", comboLabel(c, b.in.Status.WinKey))
}

// numberSwitches are the switches of the number hotkeys, for Hotkey.
func (b *builder) numberSwitches() []Entry {
	p := b.in.Prefs
	es := []Entry{b.sep()}
	for _, k := range []struct {
		typ bool
		id  string
		on  bool
	}{{true, "clipafter.settings.number_type", p.NumberTypeHotkeys}, {false, "clipafter.settings.number_copy", p.NumberCopyHotkeys}} {
		first, last := prefs.NumberRange(k.typ)
		key := KeyNumberHotkeys + "copy"
		if k.typ {
			key = KeyNumberHotkeys + "type"
		}
		e := check(key, ToggleNumberHotkeys{k.typ}, b.T(k.id, "First", comboLabel(first, b.in.Status.WinKey), "Last", comboLabel(last, b.in.Status.WinKey)), k.on)
		e.Tooltip = b.T("clipafter.settings.number_tip")
		es = append(es, e)
	}
	return es
}

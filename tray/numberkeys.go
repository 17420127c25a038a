package tray

import (
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
)

// numberBindings are the number hotkeys the preferences turn on
// (prefs.Presets), for applyHotkeys: "numtype:ID" types the token's code,
// "numcopy:ID" copies it.
func (a *app) numberBindings() []wantedBinding {
	if a.keys.data == nil {
		return nil
	}
	ids := make([]string, len(a.keys.data.Tokens))
	names := map[string]string{}
	for i, t := range a.keys.data.Tokens {
		ids[i] = t.ID
		names[t.ID] = t.Name
	}
	var out []wantedBinding
	for _, p := range prefs.Presets(a.prefs(), ids) {
		if p.Type {
			out = append(out, wantedBinding{"numtype:" + p.TokenID, p.Combo, event{kind: evTokenType, key: p.TokenID}, msg.New("clipafter.role.number_type", nil, "Name", names[p.TokenID])})
		} else {
			out = append(out, wantedBinding{"numcopy:" + p.TokenID, p.Combo, event{kind: evTokenCopy, key: p.TokenID}, msg.New("clipafter.role.number_copy", nil, "Name", names[p.TokenID])})
		}
	}
	return out
}

// toggleNumberHotkeys turns the number hotkeys that type (typ) or copy
// the codes on or off.
func toggleNumberHotkeys(p *prefs.Prefs, typ bool) {
	if typ {
		p.NumberTypeHotkeys = !p.NumberTypeHotkeys
	} else {
		p.NumberCopyHotkeys = !p.NumberCopyHotkeys
	}
}

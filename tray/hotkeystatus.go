package tray

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// What the tray tells about its hotkeys beside the menu's problem line: a
// notification that names each hotkey the system refused, once per
// refusal (a reload that is refused the same again says nothing), and the
// status file that otptray-cli settings reads (package running).

// hotkeyReport is what was last reported.
type hotkeyReport struct {
	refused  map[string]refusal // by slot, as the last applyHotkeys left them
	notified map[string]string  // slot -> combination whose refusal was notified
	written  []running.Hotkey   // the status file's content; nil before the first
	wrote    bool
}

// refusal is a hotkey the system refused.
type refusal struct {
	w   wantedBinding
	err error
}

// refused records that the system refused w (applyHotkeys).
func (a *app) refused(w wantedBinding, err error) {
	if a.hkReport.refused == nil {
		a.hkReport.refused = map[string]refusal{}
	}
	a.hkReport.refused[w.slot] = refusal{w, err}
}

// reportHotkeys notifies the refusals not notified yet and writes the
// status file if it changed. It runs after the hotkeys are registered.
func (a *app) reportHotkeys() {
	all := a.hotkeyStates()
	var lines []string
	notified := map[string]string{}
	for _, st := range all {
		if st.held {
			continue
		}
		notified[st.slot] = st.combo
		if a.hkReport.notified[st.slot] == st.combo {
			continue
		}
		lines = append(lines, a.loc.T("clipafter.refused.line", "Role", st.role, "Combo", desktop.HotkeyLabel(st.combo), "Err", a.loc.Err(reasonOf(st.err))))
	}
	a.hkReport.notified = notified
	if len(lines) > 0 {
		lines = append(lines, a.loc.T("clipafter.refused.hint"))
		a.notify(a.loc.T("clipafter.refused.title"), strings.Join(lines, "\n"))
	}

	entries := make([]running.Hotkey, 0, len(all))
	for _, st := range all {
		setting, id := slotSetting(st.slot)
		if st.held {
			entries = append(entries, running.Hotkey{Setting: setting, Token: id, Combo: st.combo, Held: true})
		} else {
			entries = append(entries, running.Refused(setting, id, st.combo, reasonOf(st.err)))
		}
	}
	if a.hkReport.wrote && slices.EqualFunc(entries, a.hkReport.written, sameHotkey) {
		return
	}
	a.hkReport.written, a.hkReport.wrote = entries, true
	dir := a.Store.Dir
	a.effect(a.loop.writer, func() func(time.Time) {
		err := running.WriteHotkeys(dir, running.Hotkeys{Hotkeys: entries})
		return func(time.Time) {
			if err != nil {
				logf("%v", err)
			}
		}
	})
}

// toastedByName says the problem of kind is announced by reportHotkeys,
// which names every hotkey refused, and not by problem.
func toastedByName(kind string) bool {
	return kind == menu.ProblemHotkey || kind == menu.ProblemHotkeys
}

// removeHotkeyStatus removes the status file (the program ends).
func (a *app) removeHotkeyStatus() {
	if err := running.RemoveHotkeys(a.Store.Dir); err != nil {
		logf("%v", err)
	}
}

// hotkeyState is one hotkey the preferences ask for, held or refused.
type hotkeyState struct {
	slot  string
	combo string
	role  error
	held  bool
	err   error
}

// hotkeyStates are the hotkeys the preferences ask for: the copy hotkey,
// then those of applyHotkeys in their order.
func (a *app) hotkeyStates() []hotkeyState {
	var out []hotkeyState
	if !a.prefs().HotkeyOff {
		st := hotkeyState{slot: "copy", combo: a.wantedHotkey(), role: msg.New("settings.role.copy", nil)}
		st.held = a.hotkeyActive != ""
		st.err = a.problems[menu.ProblemHotkey]
		if st.held || st.err != nil {
			out = append(out, st)
		}
	}
	for _, w := range a.wantedBindings() {
		st := hotkeyState{slot: w.slot, combo: w.combo, role: w.role}
		if b, ok := a.bindings[w.slot]; ok && b.combo == w.combo {
			st.held = true
		} else if r, ok := a.hkReport.refused[w.slot]; ok && r.w.combo == w.combo {
			st.err = r.err
		} else {
			continue
		}
		out = append(out, st)
	}
	for i := range out {
		out[i].combo = canonicalCombo(out[i].combo)
	}
	return out
}

// slotSetting is the otptray-cli setting of a slot and its token's ID.
func slotSetting(slot string) (key, tokenID string) {
	kind, id, _ := strings.Cut(slot, ":")
	switch {
	case kind == "copy" && id == "":
		return "hotkey", ""
	case kind == "copy":
		return "copy-hotkey", id
	case kind == "numtype":
		return "number-type-hotkeys", id
	case kind == "numcopy":
		return "number-copy-hotkeys", id
	}
	return "type-hotkey", id
}

// reasonOf is why the system refused a hotkey: the cause beneath the
// message that names the combination (which the reader shows already).
func reasonOf(err error) error {
	var m *msg.Error
	if errors.As(err, &m) && m.ID == "desktop.hotkey.register" && m.Cause != nil {
		return m.Cause
	}
	return err
}

func sameHotkey(a, b running.Hotkey) bool {
	return a.Setting == b.Setting && a.Token == b.Token && a.Combo == b.Combo && a.Held == b.Held &&
		slices.EqualFunc(a.Reason, b.Reason, func(x, y running.Message) bool { return x.ID == y.ID && maps.Equal(x.Args, y.Args) }) &&
		a.Detail == b.Detail
}

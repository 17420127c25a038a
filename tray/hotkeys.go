package tray

import (
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// The hotkeys beside the copy hotkey (settings.go): the type hotkey and the
// per-token copy and type hotkeys of the preferences. They are registered
// as the copy hotkey is, through the system, and again whenever the tokens
// file changes; a combination the system refuses is one problem line that
// names the hotkey, so none is silently dropped.

// hotkeyBinding is one registered hotkey.
type hotkeyBinding struct {
	combo      string // canonical
	unregister func()
}

// wantedBinding is a hotkey the preferences ask for.
type wantedBinding struct {
	slot  string // "type", "copy:ID", "type:ID"
	combo string // as written; canonical once parsed
	ev    event  // sent when it is pressed
	role  error  // what it does, as a message
}

// canonicalCombo is s in the one spelling Register and the file use, or s
// itself if it does not parse (Register then says why).
func canonicalCombo(s string) string {
	h, err := desktop.ParseHotkey(s)
	if err != nil {
		return s
	}
	return h.String()
}

// typeHotkeyChoices are the type hotkey's combinations offered in Settings,
// none of them among the copy hotkey's.
var typeHotkeyChoices = []string{canonicalCombo(prefs.DefaultTypeHotkey), canonicalCombo("Win+Shift+Alt+T"), canonicalCombo("Ctrl+Shift+Alt+T")}

// wantedTypeHotkey is the type hotkey's combination, whether or not it is
// on, in canonical form.
func (a *app) wantedTypeHotkey() string {
	c := a.prefs().TypeHotkey
	if c == "" {
		c = prefs.DefaultTypeHotkey
	}
	return canonicalCombo(c)
}

// wantedBindings are the hotkeys the preferences ask for, the type hotkey
// first, then the tokens' in menu order.
func (a *app) wantedBindings() []wantedBinding {
	p := a.prefs()
	var out []wantedBinding
	if !p.TypeHotkeyOff {
		out = append(out, wantedBinding{"type", a.wantedTypeHotkey(), event{kind: evTypeHotkey}, msg.New("settings.role.type", nil)})
	}
	if a.keys.data == nil {
		return out
	}
	for _, t := range a.keys.data.Tokens {
		tp := p.Token(t.ID)
		if tp.CopyHotkey != "" {
			out = append(out, wantedBinding{"copy:" + t.ID, canonicalCombo(tp.CopyHotkey), event{kind: evTokenCopy, key: t.ID}, msg.New("settings.role.token_copy", nil, "Name", t.Name)})
		}
		if tp.TypeHotkey != "" {
			out = append(out, wantedBinding{"type:" + t.ID, canonicalCombo(tp.TypeHotkey), event{kind: evTokenType, key: t.ID}, msg.New("settings.role.token_type", nil, "Name", t.Name)})
		}
	}
	return append(out, a.numberBindings()...)
}

// applyHotkeys registers the hotkeys the preferences ask for and releases
// those they no longer ask for. One the system refused is tried again on
// the next change of the tokens file.
func (a *app) applyHotkeys() {
	want := a.wantedBindings()
	keep := map[string]bool{}
	for _, w := range want {
		if b, ok := a.bindings[w.slot]; ok && b.combo == w.combo {
			keep[w.slot] = true
		}
	}
	for slot, b := range a.bindings {
		if !keep[slot] {
			b.unregister()
			delete(a.bindings, slot)
		}
	}
	if a.bindings == nil {
		a.bindings = map[string]hotkeyBinding{}
	}
	var failed []wantedBinding
	var first error
	clear(a.hkReport.refused)
	defer a.reportHotkeys()
	for _, w := range want {
		if keep[w.slot] {
			continue
		}
		ev := w.ev
		unregister, err := a.Sys.RegisterHotkey(w.combo, func() { a.send(ev) })
		if err != nil {
			if first == nil {
				first = err
			}
			failed = append(failed, w)
			a.refused(w, err)
			continue
		}
		a.bindings[w.slot] = hotkeyBinding{w.combo, unregister}
	}
	switch len(failed) {
	case 0:
		a.problem(menu.ProblemHotkeys, nil)
	case 1:
		a.problem(menu.ProblemHotkeys, msg.New("traytype.hotkey.failed", first, "Role", failed[0].role))
	default:
		a.problem(menu.ProblemHotkeys, msg.New("traytype.hotkey.failed_more", first, "Role", failed[0].role, "More", len(failed)-1))
	}
}

// releaseHotkeys unregisters every hotkey of applyHotkeys (the program ends).
func (a *app) releaseHotkeys() {
	for slot, b := range a.bindings {
		b.unregister()
		delete(a.bindings, slot)
	}
}

// forWindow calls do with the token whose window rules match the window
// in front, else the default token (the hotkeys' choice). The window is
// looked at on a task: it asks the display server.
func (a *app) forWindow(do func(id string, now time.Time)) {
	sys := a.Sys
	a.task(func() func(time.Time) {
		w, err := sys.Foreground()
		return func(now time.Time) {
			if err == nil {
				if id, ok := foreground.Pick(a.windowRules(), w); ok {
					do(id, now)
					return
				}
			}
			if tv, ok := menu.DefaultView(a.viewsAt(now), a.keys.data.Default); ok {
				do(tv.Token.ID, now)
			}
		}
	})
}

// windowRules are the tokens' window rules, in menu order.
func (a *app) windowRules() []foreground.TokenRules {
	p := a.prefs()
	var out []foreground.TokenRules
	for _, t := range a.keys.data.Tokens {
		if rules := p.Token(t.ID).Windows; len(rules) > 0 {
			out = append(out, foreground.TokenRules{ID: t.ID, Rules: rules})
		}
	}
	return out
}

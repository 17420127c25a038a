package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// update changes the tokens file on the writer queue (it waits for the
// file's lock and syncs it to disk), then calls done with the outcome on the
// loop and reads the file back.
func (a *app) update(change func(*token.Data) error, done func(err error)) {
	store := a.Store
	a.effect(a.loop.writer, func() func(time.Time) {
		err := store.Update(change)
		return func(now time.Time) {
			if done != nil {
				done(err)
			}
			if err != nil {
				// What the app changed in memory ahead of the file (an
				// HOTP counter) is read back from it.
				a.keys.stamp = token.Stamp{}
			}
			a.reload(now)
		}
	})
}

// savePrefs changes the tray's preferences in the tokens file.
func (a *app) savePrefs(change func(*prefs.Prefs)) {
	a.update(prefs.Change(change), func(err error) {
		a.problem(menu.ProblemSettings, wrap("tray.err.save", err))
	})
}

// saveSettings changes the settings in the tokens file.
func (a *app) saveSettings(change func(*token.Settings)) {
	a.update(func(d *token.Data) error {
		change(&d.Settings)
		return nil
	}, func(err error) {
		a.problem(menu.ProblemSettings, wrap("tray.err.save", err))
	})
}

func (a *app) toggleAutostart() {
	on := !a.Sys.Autostart()
	err := a.Sys.SetAutostart(on)
	a.problem(menu.ProblemAutostart, wrap("tray.err.autostart", err))
	a.autostart = a.Sys.Autostart()
	if err == nil {
		a.savePrefs(func(p *prefs.Prefs) { p.AutostartOff = !on })
	}
}

// wantedHotkey is the combination the settings ask for, in canonical form,
// whether or not the hotkey is on; "" if the setting cannot be read.
func (a *app) wantedHotkey() string {
	s := a.prefs().Hotkey
	if s == "" {
		return desktop.DefaultHotkey
	}
	h, err := desktop.ParseHotkey(s)
	if err != nil {
		return s
	}
	return h.String()
}

// applyHotkey registers the combination the settings ask for, if it is not
// the one registered already. The hotkey's callback runs on the hotkey
// library's goroutine; it only sends an event.
func (a *app) applyHotkey() {
	want := ""
	if !a.prefs().HotkeyOff {
		want = a.wantedHotkey()
	}
	if want == a.hotkeyActive {
		return
	}
	if a.unregister != nil {
		a.unregister()
		a.unregister = nil
	}
	a.hotkeyActive = ""
	if want == "" {
		a.problem(menu.ProblemHotkey, nil)
		return
	}
	unregister, err := a.Sys.RegisterHotkey(want, func() { a.send(event{kind: evHotkey}) })
	if err != nil {
		a.problem(menu.ProblemHotkey, err)
		return
	}
	a.problem(menu.ProblemHotkey, nil)
	a.unregister, a.hotkeyActive = unregister, want
}

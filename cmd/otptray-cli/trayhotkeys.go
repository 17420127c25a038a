package main

import (
	"strings"

	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/prefs/combo"
)

// trayHotkeys are the hotkeys the running tray reported holding and the
// system refused; none when no tray runs. A status that cannot be read is
// said on stderr and left out: the settings themselves are still listed.
func (c *cli) trayHotkeys() running.Hotkeys {
	s, err := c.openStore()
	if err != nil {
		return running.Hotkeys{}
	}
	h, _, err := running.ReadHotkeys(s.Dir)
	if err != nil {
		c.printf(c.stderr, "otptray-cli: %s\n", c.l().Err(err))
	}
	return h
}

// trayHotkey is what the tray reported for hotkey setting f of token id
// ("" for the program), whose value is vals: only if the tray registered
// the combination the setting has now (after a change it has not picked
// up yet, it reported another).
func trayHotkey(held running.Hotkeys, f *prefs.Field, id string, vals []string) (running.Hotkey, bool) {
	if !f.Hotkey || len(vals) != 1 {
		return running.Hotkey{}, false
	}
	h, ok := held.Find(f.Key, id)
	if !ok {
		return running.Hotkey{}, false
	}
	want, err := prefs.CheckHotkey(vals[0])
	if err != nil || want != h.Combo {
		return running.Hotkey{}, false
	}
	return h, true
}

// presetStatus are the lines that say what the running tray did with the
// number hotkeys of setting f (a program setting; id is ""): one for each
// the system refused, naming it and its token, else one that they are
// held. Other settings get none.
func (c *cli) presetStatus(held running.Hotkeys, f *prefs.Field, id string, names map[string]string) []string {
	if id != "" || !strings.HasPrefix(f.Key, "number-") {
		return nil
	}
	key := f.Key
	loc := c.l()
	var lines []string
	reported := false
	for _, h := range held.Hotkeys {
		if h.Setting != key || h.Token == "" {
			continue
		}
		reported = true
		if !h.Held {
			lines = append(lines, loc.T("clipafter.cli.refused_preset", "Combo", combo.HotkeyLabel(h.Combo), "Name", names[h.Token], "Err", h.Err()))
		}
	}
	if reported && len(lines) == 0 {
		lines = append(lines, loc.T("clipafter.cli.held"))
	}
	return lines
}

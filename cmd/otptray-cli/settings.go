package main

import (
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

func init() {
	register(command{name: "settings", summaryID: "cli.settings.summary", usageID: "cli.settings.usage", run: runSettings})
	register(command{name: "set", summaryID: "cli.set.summary", usageID: "cli.set.usage", run: runSet})
}

// settingJSON is one setting in `settings --json`: Value is a string, or a
// list for the window rules; hotkeys are written "Win+Alt+O" on every system.
type settingJSON struct {
	Value   any  `json:"value"`
	Default bool `json:"default"`
	// Tray says, for a hotkey, whether the running tray holds it ("held")
	// or the system refused it ("refused", with Reason); absent when no
	// tray runs or it has not registered this combination.
	Tray   string `json:"tray,omitempty"`
	Reason string `json:"reason,omitempty"`
}

type tokenSettingsJSON struct {
	ID       string                 `json:"id"`
	Name     string                 `json:"name"`
	Settings map[string]settingJSON `json:"settings"`
}

type settingsJSON struct {
	Program map[string]settingJSON `json:"program"`
	Tokens  []tokenSettingsJSON    `json:"tokens"`
}

func runSettings(c *cli, args []string) error {
	fs := newFlagSet("settings")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("settings", pos, 0, 0); err != nil {
		return err
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	held := c.trayHotkeys()
	if *asJSON {
		out := settingsJSON{Tokens: []tokenSettingsJSON{}}
		if out.Program, err = c.fieldsJSON(d.Settings, "", held); err != nil {
			return err
		}
		for _, t := range d.Tokens {
			m, err := c.fieldsJSON(d.Settings, t.ID, held)
			if err != nil {
				return err
			}
			out.Tokens = append(out.Tokens, tokenSettingsJSON{ID: t.ID, Name: t.Name, Settings: m})
		}
		return c.printJSON(out)
	}
	var b strings.Builder
	b.WriteString(c.l().T("settings.list.program") + "\n")
	names := map[string]string{}
	for _, t := range d.Tokens {
		names[t.ID] = t.Name
	}
	if err := c.writeFields(&b, d.Settings, "", held, names); err != nil {
		return err
	}
	for _, t := range d.Tokens {
		b.WriteString("\n" + c.l().T("settings.list.token", "Name", t.Name) + "\n")
		if err := c.writeFields(&b, d.Settings, t.ID, held, nil); err != nil {
			return err
		}
	}
	c.printf(c.stdout, "%s", b.String())
	return nil
}

// fieldsJSON are the program's settings (id "") or a token's, by key.
func (c *cli) fieldsJSON(s token.Settings, id string, held running.Hotkeys) (map[string]settingJSON, error) {
	out := map[string]settingJSON{}
	for _, f := range prefs.Fields {
		if f.PerToken != (id != "") {
			continue
		}
		vals, def, err := f.Value(s, id)
		if err != nil {
			return nil, err
		}
		var v any = strings.Join(vals, "")
		switch {
		case f.List:
			v = vals
		case f.Hotkey && len(vals) == 1:
			// One spelling on every system, as the file keeps it.
			if c, err := prefs.CheckHotkey(vals[0]); err == nil {
				v = c
			}
		}
		js := settingJSON{Value: v, Default: def}
		if h, ok := trayHotkey(held, f, id, vals); ok && h.Held {
			js.Tray = "held"
		} else if ok {
			js.Tray, js.Reason = "refused", c.l().Err(h.Err())
		}
		out[f.Key] = js
	}
	return out, nil
}

// writeFields writes the settings of the program (id "") or of a token as
// rows: key, value (marked when it is the default), what it does.
func (c *cli) writeFields(b *strings.Builder, s token.Settings, id string, held running.Hotkeys, names map[string]string) error {
	loc := c.l()
	var rows [][]string
	for _, f := range prefs.Fields {
		if f.PerToken != (id != "") {
			continue
		}
		vals, def, err := f.Value(s, id)
		if err != nil {
			return err
		}
		v := c.showValue(f, vals)
		if def && len(vals) > 0 {
			v += " " + loc.T("settings.list.default")
		}
		rows = append(rows, []string{" ", f.Key, v, loc.T(f.About)})
		if h, ok := trayHotkey(held, f, id, vals); ok && h.Held {
			rows = append(rows, []string{" ", "", "", loc.T("clipafter.cli.held")})
		} else if ok {
			rows = append(rows, []string{" ", "", "", loc.T("clipafter.cli.refused", "Err", h.Err())})
		}
		for _, line := range c.presetStatus(held, f, id, names) {
			rows = append(rows, []string{" ", "", "", line})
		}
	}
	b.WriteString(columns(rows))
	return nil
}

// showValue writes a setting's value for people: a list quoted, no value
// as "(none)".
func (c *cli) showValue(f *prefs.Field, vals []string) string {
	if len(vals) == 0 {
		return c.l().T("settings.list.none")
	}
	if !f.List {
		return vals[0]
	}
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, " ")
}

func runSet(c *cli, args []string) error {
	fs := newFlagSet("set")
	tokenName := fs.String("token", "", "")
	reset := fs.Bool("default", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("set", pos, 1, -1); err != nil {
		return err
	}
	key, values := pos[0], pos[1:]
	switch {
	case *reset && len(values) > 0:
		return usage("set", "settings.set.default_value", "Args", strings.Join(values, " "))
	case !*reset && len(values) == 0:
		return usage("set", "settings.set.no_value")
	case *reset:
		values = nil
	}
	f, err := prefs.Lookup(key, *tokenName != "")
	if err != nil {
		return &usageError{cmd: "set", err: err}
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	var id, name string
	var after token.Settings
	err = s.Update(func(d *token.Data) error {
		if *tokenName != "" {
			t, err := d.Find(*tokenName)
			if err != nil {
				return err
			}
			id, name = t.ID, t.Name
		}
		if err := f.Set(id, values)(d); err != nil {
			return err
		}
		after = d.Settings
		return nil
	})
	if err != nil {
		return err
	}
	vals, _, err := f.Value(after, id)
	if err != nil {
		return err
	}
	v := c.showValue(f, vals)
	switch {
	case name != "" && *reset:
		c.println(c.stdout, "settings.set.reset_token", "Key", key, "Name", name, "Value", v)
	case name != "":
		c.println(c.stdout, "settings.set.done_token", "Key", key, "Name", name, "Value", v)
	case *reset:
		c.println(c.stdout, "settings.set.reset", "Key", key, "Value", v)
	default:
		c.println(c.stdout, "settings.set.done", "Key", key, "Value", v)
	}
	return nil
}

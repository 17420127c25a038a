package prefs

import (
	"slices"
	"strconv"
	"strings"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs/combo"
	"github.com/otptray/otptray/token"
)

// Field is one setting by the name otptray-cli gives it: how to read it,
// its default, and how to set it from text with the checks the tray applies.
type Field struct {
	Key      string
	About    string // catalogue ID of its one-line description
	PerToken bool   // a setting of each token (else of the program)
	List     bool   // takes several values (the window rules)
	Hotkey   bool   // a combination, shown as this system's keyboards label it

	get func(v view) []string // nil when at the default
	def func() []string
	set func(v view, args []string) error // args nil: back to the default
}

// view is what a Field reads and writes: the shared settings, the
// preferences, and for a per-token field the token's choices.
type view struct {
	s *token.Settings
	p *Prefs
	t *TokenPrefs
}

// Fields are the settings in the order they are listed.
var Fields = []*Field{
	choiceField("language", "settings.about.language", "system", append([]string{"system"}, i18n.Languages...),
		func(v view) *string { return &v.s.Language }),
	onOffField("show-credential-id", "settings.about.show_credential_id", func(v view) *bool { return &v.p.HideCredentialID }, true),
	onOffField("autostart", "settings.about.autostart", func(v view) *bool { return &v.p.AutostartOff }, true),
	hotkeyField("hotkey", "settings.about.hotkey", combo.DefaultHotkey, func(v view) *string { return &v.p.Hotkey }),
	onOffField("hotkey-on", "settings.about.hotkey_on", func(v view) *bool { return &v.p.HotkeyOff }, true),
	hotkeyField("type-hotkey", "settings.about.type_hotkey", DefaultTypeHotkey, func(v view) *string { return &v.p.TypeHotkey }),
	onOffField("type-hotkey-on", "settings.about.type_hotkey_on", func(v view) *bool { return &v.p.TypeHotkeyOff }, true),
	onOffField("number-type-hotkeys", "clipafter.about.number_type", func(v view) *bool { return &v.p.NumberTypeHotkeys }, false),
	onOffField("number-copy-hotkeys", "clipafter.about.number_copy", func(v view) *bool { return &v.p.NumberCopyHotkeys }, false),
	secondsField("type-min-left", "settings.about.type_min_left", 0, MaxTypeMinLeft, DefaultTypeMinLeft, "",
		func(v view) *int { return &v.p.TypeMinLeft }),
	choiceField("notify", "settings.about.notify", "copy", []string{"copy", "change", "off"},
		func(v view) *string { return &v.p.Notify }),
	secondsField("clear-after", "settings.about.clear_after", 1, 3600, 30, "never",
		func(v view) *int { return &v.p.ClearAfter }),
	onOffField("clear-after-paste", "clipafter.about.clear_after_paste", func(v view) *bool { return &v.p.ClearAfterPaste }, false),
	choiceField("left-click", "settings.about.left_click", "copy", []string{"copy", "menu"},
		func(v view) *string { return &v.p.LeftClick }),
	onOffField("update-check", "settings.about.update_check", func(v view) *bool { return &v.p.UpdateCheckOff }, true),

	templateField(),
	tokenHotkeyField("copy-hotkey", "settings.about.token_copy_hotkey", func(v view) *string { return &v.t.CopyHotkey }),
	tokenHotkeyField("type-hotkey", "settings.about.token_type_hotkey", func(v view) *string { return &v.t.TypeHotkey }),
	windowsField(),
}

// Lookup finds the field key names; perToken says whether a token was
// named. The error says when the key exists for the other kind.
func Lookup(key string, perToken bool) (*Field, error) {
	other := false
	for _, f := range Fields {
		if f.Key == key {
			if f.PerToken == perToken {
				return f, nil
			}
			other = true
		}
	}
	switch {
	case other && perToken:
		return nil, msg.New("settings.not_per_token", nil, "Key", key)
	case other:
		return nil, msg.New("settings.only_per_token", nil, "Key", key)
	}
	return nil, msg.New("settings.unknown_key", nil, "Key", key)
}

// Value is the field's value in s for token id ("" for a program
// setting), or its default and true when it is not set.
func (f *Field) Value(s token.Settings, id string) (vals []string, isDefault bool, err error) {
	p, err := Of(s)
	if err != nil {
		return nil, false, err
	}
	tp := p.Token(id)
	if vals := f.get(view{&s, &p, &tp}); vals != nil {
		return vals, false, nil
	}
	return f.def(), true, nil
}

// Set changes the field in d for token id ("" for a program setting) to
// args, or back to its default when args is nil; the function to run in
// token.Store.Update. The preferences as a whole are then checked as the
// tray's own changes are (Change).
func (f *Field) Set(id string, args []string) func(d *token.Data) error {
	return func(d *token.Data) error {
		if args != nil && !f.List && len(args) != 1 {
			return msg.New("settings.one_value", nil, "Key", f.Key)
		}
		return edit(d, func(p *Prefs) error {
			tp := p.Token(id)
			if err := f.set(view{&d.Settings, p, &tp}, args); err != nil {
				return msg.New("settings.bad", err, "Key", f.Key)
			}
			if f.PerToken {
				p.SetToken(id, tp)
			}
			return nil
		})
	}
}

// onOff reads a switch's value.
func onOff(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "on", "true", "yes", "1":
		return true, nil
	case "off", "false", "no", "0":
		return false, nil
	}
	return false, msg.New("settings.on_off", nil, "Value", s)
}

func show(on bool) []string {
	if on {
		return []string{"on"}
	}
	return []string{"off"}
}

// onOffField is a switch kept as a bool. inverted says the bool is kept as
// the switch's opposite (HotkeyOff for "hotkey-on"), so the switch is on by
// default.
func onOffField(key, about string, at func(v view) *bool, inverted bool) *Field {
	def := inverted // the switch when the bool is false
	return &Field{
		Key: key, About: about,
		get: func(v view) []string {
			if *at(v) {
				return show(!def)
			}
			return nil
		},
		def: func() []string { return show(def) },
		set: func(v view, args []string) error {
			if args == nil {
				*at(v) = false
				return nil
			}
			on, err := onOff(args[0])
			*at(v) = on != def
			return err
		},
	}
}

// choiceField is one of a few words; def is kept as "".
func choiceField(key, about, def string, choices []string, at func(v view) *string) *Field {
	return &Field{
		Key: key, About: about,
		get: func(v view) []string {
			if s := *at(v); s != "" {
				return []string{s}
			}
			return nil
		},
		def: func() []string { return []string{def} },
		set: func(v view, args []string) error {
			if args == nil {
				*at(v) = ""
				return nil
			}
			s := strings.ToLower(args[0])
			if !slices.Contains(choices, s) {
				return msg.New("settings.choice", nil, "Value", args[0], "Choices", strings.Join(choices, ", "))
			}
			if s == def {
				s = ""
			}
			*at(v) = s
			return nil
		},
	}
}

// secondsField is a number of seconds from min to max kept as an int whose
// zero is def. never, when not "", is a word for "none", kept as -1; with
// min 0, -1 keeps the value 0.
func secondsField(key, about string, min, max, def int, never string, at func(v view) *int) *Field {
	return &Field{
		Key: key, About: about,
		get: func(v view) []string {
			switch n := *at(v); {
			case n == 0:
				return nil
			case n < 0 && never != "":
				return []string{never}
			case n < 0:
				return []string{"0"}
			default:
				return []string{strconv.Itoa(n)}
			}
		},
		def: func() []string { return []string{strconv.Itoa(def)} },
		set: func(v view, args []string) error {
			if args == nil {
				*at(v) = 0
				return nil
			}
			if never != "" && strings.EqualFold(args[0], never) {
				*at(v) = -1
				return nil
			}
			n, err := strconv.Atoi(args[0])
			if err != nil || n < min || n > max {
				if never != "" {
					return msg.New("settings.range_or", nil, "Value", args[0], "Min", min, "Max", max, "Word", never)
				}
				return msg.New("settings.range", nil, "Value", args[0], "Min", min, "Max", max)
			}
			switch n {
			case def:
				n = 0
			case 0:
				n = -1
			}
			*at(v) = n
			return nil
		},
	}
}

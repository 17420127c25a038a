package prefs

import (
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs/combo"
)

// hotkeyField is a combination of the program; def is kept as "".
func hotkeyField(key, about, def string, at func(v view) *string) *Field {
	return &Field{
		Key: key, About: about, Hotkey: true,
		get: func(v view) []string {
			if s := *at(v); s != "" {
				return []string{combo.HotkeyLabel(s)}
			}
			return nil
		},
		def: func() []string { return []string{combo.HotkeyLabel(def)} },
		set: func(v view, args []string) error {
			if args == nil {
				*at(v) = ""
				return nil
			}
			c, err := CheckHotkey(args[0])
			if err != nil {
				return err
			}
			if c == def {
				c = ""
			}
			*at(v) = c
			return nil
		},
	}
}

// tokenHotkeyField is a token's own combination; by default it has none.
func tokenHotkeyField(key, about string, at func(v view) *string) *Field {
	return &Field{
		Key: key, About: about, PerToken: true, Hotkey: true,
		get: func(v view) []string {
			if s := *at(v); s != "" {
				return []string{combo.HotkeyLabel(s)}
			}
			return nil
		},
		def: func() []string { return []string{} },
		set: func(v view, args []string) error {
			if args == nil {
				*at(v) = ""
				return nil
			}
			c, err := CheckHotkey(args[0])
			*at(v) = c
			return err
		},
	}
}

func templateField() *Field {
	return &Field{
		Key: "template", About: "settings.about.template", PerToken: true,
		get: func(v view) []string {
			if v.t.Template != "" {
				return []string{v.t.Template}
			}
			return nil
		},
		def: func() []string { return []string{DefaultTemplate} },
		set: func(v view, args []string) error {
			if args == nil {
				v.t.Template = ""
				return nil
			}
			if err := CheckTemplate(args[0]); err != nil {
				return err
			}
			v.t.Template = args[0]
			if v.t.Template == DefaultTemplate {
				v.t.Template = ""
			}
			return nil
		},
	}
}

func windowsField() *Field {
	return &Field{
		Key: "windows", About: "settings.about.windows", PerToken: true, List: true,
		get: func(v view) []string {
			if len(v.t.Windows) > 0 {
				return v.t.Windows
			}
			return nil
		},
		def: func() []string { return []string{} },
		set: func(v view, args []string) error {
			if args == nil {
				v.t.Windows = nil
				return nil
			}
			if len(args) == 0 {
				return msg.New("settings.window.none", nil)
			}
			if err := CheckWindowRules(args); err != nil {
				return err
			}
			v.t.Windows = append([]string(nil), args...)
			return nil
		},
	}
}

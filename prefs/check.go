package prefs

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs/combo"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/typing/template"
)

// Defaults of the preferences whose zero value stands for them.
const (
	// DefaultTypeHotkey types the default token's code: the copy hotkey's
	// Win+Alt with T as in "type".
	DefaultTypeHotkey  = "Win+Alt+T"
	DefaultTypeMinLeft = 3 // seconds
	MaxTypeMinLeft     = 10
	DefaultTemplate    = "{code}"
)

// Limits of the window rules: enough for any title part worth matching,
// small enough that the file stays readable.
const (
	MaxWindowRules   = 32
	MaxWindowRuneLen = 200
)

// TypeMinLeftSeconds is how many seconds a code must have left to be typed.
func (p Prefs) TypeMinLeftSeconds() int {
	switch {
	case p.TypeMinLeft < 0:
		return 0
	case p.TypeMinLeft == 0:
		return DefaultTypeMinLeft
	}
	return p.TypeMinLeft
}

// TemplateOf is the typing template of a token's choices.
func (t TokenPrefs) TemplateOf() string {
	if t.Template == "" {
		return DefaultTemplate
	}
	return t.Template
}

// CheckHotkey reads a combination as a hotkey setting takes it and returns
// its canonical form ("Win+Alt+O").
func CheckHotkey(s string) (string, error) {
	h, err := combo.ParseHotkey(s)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

// CheckTemplate checks a typing template with the typing package's parser.
func CheckTemplate(s string) error {
	_, err := template.Parse(s)
	return err
}

// CheckTemplateFor checks that the template can be typed for token t: {id}
// needs a credential ID, {wait} and {next} a code that changes with time.
// The messages are those typing would give.
func CheckTemplateFor(s string, t token.Token) error {
	steps, err := template.Parse(s)
	if err != nil {
		return err
	}
	if template.NeedsID(steps) && (t.VIP == nil || t.VIP.CredentialID == "") {
		return msg.New("typing.template.no_id", nil)
	}
	if template.NeedsPeriod(steps) && t.Kind == token.HOTP {
		return msg.New("typing.template.no_period", nil)
	}
	return nil
}

// CheckWindowRule checks one window rule: a part of a window title or a
// program name, such as "JWEBOFFICE" or "msedge.exe".
func CheckWindowRule(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return msg.New("settings.window.empty", nil)
	case utf8.RuneCountInString(s) > MaxWindowRuneLen:
		return msg.New("settings.window.long", nil, "Max", MaxWindowRuneLen)
	case !utf8.ValidString(s):
		return msg.New("settings.window.control", nil, "Rule", s)
	case strings.ContainsFunc(s, unicode.IsControl):
		return msg.New("settings.window.control", nil, "Rule", s)
	}
	return nil
}

// CheckWindowRules checks a token's list of window rules.
func CheckWindowRules(rules []string) error {
	if len(rules) > MaxWindowRules {
		return msg.New("settings.window.many", nil, "Max", MaxWindowRules)
	}
	for _, r := range rules {
		if err := CheckWindowRule(r); err != nil {
			return err
		}
	}
	return nil
}

// Check checks the preferences as a whole against d's tokens: each value,
// and that no two hotkeys share a combination. Entries of tokens that d
// does not have are not checked (they are dropped with their token). The
// error names the setting (and the token by name).
func Check(p Prefs, d *token.Data) error {
	for _, kv := range [][2]string{{"hotkey", p.Hotkey}, {"type-hotkey", p.TypeHotkey}} {
		if kv[1] != "" {
			if _, err := CheckHotkey(kv[1]); err != nil {
				return msg.New("settings.bad", err, "Key", kv[0])
			}
		}
	}
	if p.TypeMinLeft < -1 || p.TypeMinLeft > MaxTypeMinLeft {
		return msg.New("settings.bad", msg.New("settings.range", nil, "Value", strconv.Itoa(p.TypeMinLeft), "Min", 0, "Max", MaxTypeMinLeft), "Key", "type-min-left")
	}
	for _, t := range d.Tokens {
		tp, ok := p.Tokens[t.ID]
		if !ok {
			continue
		}
		if err := checkToken(tp); err != nil {
			return msg.New("settings.bad_token", err.cause, "Key", err.key, "Name", t.Name)
		}
		if err := CheckTemplateFor(tp.TemplateOf(), t); err != nil {
			return msg.New("settings.bad_token", err, "Key", "template", "Name", t.Name)
		}
	}
	return checkClashes(p, d)
}

// fieldError is an error of one setting, named by its key.
type fieldError struct {
	key   string
	cause error
}

func checkToken(t TokenPrefs) *fieldError {
	if t.Template != "" {
		if err := CheckTemplate(t.Template); err != nil {
			return &fieldError{"template", err}
		}
	}
	for _, kv := range [][2]string{{"copy-hotkey", t.CopyHotkey}, {"type-hotkey", t.TypeHotkey}} {
		if kv[1] != "" {
			if _, err := CheckHotkey(kv[1]); err != nil {
				return &fieldError{kv[0], err}
			}
		}
	}
	if err := CheckWindowRules(t.Windows); err != nil {
		return &fieldError{"windows", err}
	}
	return nil
}

// checkClashes refuses two hotkeys on one combination: the system gives a
// combination to one registration only, so the second would be dead. The
// global hotkeys count while they are on.
func checkClashes(p Prefs, d *token.Data) error {
	type use struct {
		combo string
		role  error // what the hotkey does, as a message
	}
	var uses []use
	add := func(s, def string, role error) {
		if s == "" {
			s = def
		}
		if c, err := CheckHotkey(s); err == nil && c != "" {
			uses = append(uses, use{c, role})
		}
	}
	if !p.HotkeyOff {
		add(p.Hotkey, combo.DefaultHotkey, msg.New("settings.role.copy", nil))
	}
	if !p.TypeHotkeyOff {
		add(p.TypeHotkey, DefaultTypeHotkey, msg.New("settings.role.type", nil))
	}
	for _, t := range d.Tokens {
		tp := p.Tokens[t.ID]
		add(tp.CopyHotkey, "", msg.New("settings.role.token_copy", nil, "Name", t.Name))
		add(tp.TypeHotkey, "", msg.New("settings.role.token_type", nil, "Name", t.Name))
	}
	seen := map[string]error{}
	for _, u := range uses {
		if first, ok := seen[u.combo]; ok {
			return msg.New("settings.hotkey.clash", nil, "First", first, "Second", u.role, "Hotkey", combo.HotkeyLabel(u.combo))
		}
		seen[u.combo] = u.role
	}
	return nil
}

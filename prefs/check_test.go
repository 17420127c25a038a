package prefs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/prefs/combo"
	"github.com/otptray/otptray/token"
)

func twoTokens() *token.Data {
	return &token.Data{Tokens: []token.Token{
		{ID: "b1", Name: "Bank", Kind: token.TOTP, VIP: &token.VIP{CredentialID: "SYMC12345678"}},
		{ID: "m1", Name: "Mail", Kind: token.TOTP},
		{ID: "h1", Name: "Counter", Kind: token.HOTP},
	}}
}

func set(t *testing.T, d *token.Data, id, key string, args ...string) error {
	t.Helper()
	f, err := Lookup(key, id != "")
	if err != nil {
		t.Fatalf("Lookup(%q): %v", key, err)
	}
	if args == nil {
		args = []string{}
	}
	return f.Set(id, args)(d)
}

func TestSetChecks(t *testing.T) {
	w := combo.WinKeyName
	for _, tt := range []struct {
		id, key string
		args    []string
		want    string // English message; "" accepted
	}{
		{"", "type-min-left", []string{"10"}, ""},
		{"", "type-min-left", []string{"0"}, ""},
		{"", "type-min-left", []string{"-1"}, `type-min-left: "-1" is not a number from 0 to 10`},
		{"", "type-min-left", []string{"3s"}, `type-min-left: "3s" is not a number from 0 to 10`},
		{"", "clear-after", []string{"0"}, `clear-after: "0" is neither a number of seconds from 1 to 3600 nor never`},
		{"", "clear-after", []string{"NEVER"}, ""},
		{"", "hotkey-on", []string{"Off"}, ""},
		{"", "hotkey-on", []string{"nope"}, `hotkey-on: "nope" is neither on nor off`},
		{"", "language", []string{"fr"}, `language: "fr" is not one of system, en, ja`},
		{"", "type-hotkey", []string{"Alt"}, `type-hotkey: invalid hotkey "Alt": it has no key after the modifiers (for example ` + w + `+Alt+O)`},
		{"", "hotkey", []string{"a", "b"}, `hotkey takes one value: put quotes around a value with spaces`},
		{"b1", "template", []string{"{id}{tab}{code}{tab}{wait}{code}"}, ""},
		{"m1", "template", []string{"{id}{code}"}, `template of "Mail": the template types {id}, but this token has no credential ID`},
		{"h1", "template", []string{"{code}{tab}{next}"}, `template of "Counter": the template has {wait} or {next}, but this token's code does not change with time`},
		{"h1", "template", []string{"{code}{enter}"}, ""},
		{"b1", "template", []string{"{cod}"}, `template: {cod} at character 1 is no placeholder; the placeholders are `},
		{"b1", "windows", []string{"JWEBOFFICE", "msedge.exe"}, ""},
		{"b1", "windows", []string{}, `windows: give at least one window rule, or --default for none`},
		{"b1", "windows", []string{" "}, `windows: a window rule is empty`},
		{"b1", "windows", []string{"a\x00b"}, `windows: the window rule "a\x00b" has a control character`},
		{"b1", "windows", []string{strings.Repeat("x", MaxWindowRuneLen+1)}, `windows: a window rule is longer than 200 characters`},
		{"b1", "windows", make([]string, MaxWindowRules+1), `windows: a token has more than 32 window rules`},
		{"b1", "copy-hotkey", []string{"Win+Alt+O"}, `the copy hotkey and the copy hotkey of "Bank" would both be ` + w + `+Alt+O`},
		{"m1", "type-hotkey", []string{"super+alt+t"}, `the type hotkey and the type hotkey of "Mail" would both be ` + w + `+Alt+T`},
	} {
		d := twoTokens()
		err := set(t, d, tt.id, tt.key, tt.args...)
		got := i18n.English().Err(err)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("set %s %s %q: %s", tt.id, tt.key, tt.args, got)
		case tt.want != "" && !strings.HasPrefix(got, tt.want):
			t.Errorf("set %s %s %q:\n got %q\nwant %q...", tt.id, tt.key, tt.args, got, tt.want)
		case tt.want != "" && d.Settings.Other != nil:
			t.Errorf("set %s %s %q failed but wrote %v", tt.id, tt.key, tt.args, d.Settings.Other)
		}
	}
}

// TestStoredForms: the file keeps the tray's forms (canonical combination,
// 0 for a default, -1 for zero seconds) and reads back as the CLI shows it.
func TestStoredForms(t *testing.T) {
	d := twoTokens()
	for _, s := range [][]string{{"", "hotkey", "super+ctrl+o"}, {"", "type-min-left", "0"}, {"", "clear-after", "30"},
		{"b1", "template", "{code}"}, {"m1", "type-hotkey", "Ctrl+Alt+9"}, {"", "show-credential-id", "off"}} {
		if err := set(t, d, s[0], s[1], s[2]); err != nil {
			t.Fatalf("set %v: %v", s, err)
		}
	}
	p, err := Of(d.Settings)
	if err != nil {
		t.Fatal(err)
	}
	if p.Hotkey != "Win+Ctrl+O" || p.TypeMinLeft != -1 || p.TypeMinLeftSeconds() != 0 || p.ClearAfter != 0 || !p.HideCredentialID {
		t.Errorf("stored %+v", p)
	}
	if _, ok := p.Tokens["b1"]; ok {
		t.Errorf("the default template kept an entry: %+v", p.Tokens)
	}
	if p.Token("m1").TypeHotkey != "Ctrl+Alt+9" {
		t.Errorf("token entry %+v", p.Tokens)
	}
	f, _ := Lookup("type-hotkey", true)
	if vals, def, _ := f.Value(d.Settings, "m1"); def || len(vals) != 1 || vals[0] != "Ctrl+Alt+9" {
		t.Errorf("Value = %q, %v", vals, def)
	}
	if err := f.Set("m1", nil)(d); err != nil {
		t.Fatal(err)
	}
	if p, _ := Of(d.Settings); p.Tokens != nil {
		t.Errorf("reset kept %+v", p.Tokens)
	}
}

func TestLookup(t *testing.T) {
	for _, tt := range []struct {
		key      string
		perToken bool
		want     string
	}{
		{"colour", false, `there is no setting "colour"`},
		{"hotkey", true, `hotkey is a setting of the program, not of a token`},
		{"windows", false, `windows is a setting of each token`},
	} {
		_, err := Lookup(tt.key, tt.perToken)
		if got := i18n.English().Err(err); !strings.HasPrefix(got, tt.want) {
			t.Errorf("Lookup(%q, %v) = %q, want %q", tt.key, tt.perToken, got, tt.want)
		}
	}
	if f, err := Lookup("type-hotkey", true); err != nil || !f.PerToken {
		t.Errorf("per-token type-hotkey: %v", err)
	}
	if f, err := Lookup("type-hotkey", false); err != nil || f.PerToken {
		t.Errorf("program type-hotkey: %v", err)
	}
}

// TestChangeKeepsValid: a change that makes the preferences invalid is
// refused; one on preferences already invalid (edited by hand) is not.
func TestChangeKeepsValid(t *testing.T) {
	d := twoTokens()
	clash := func(p *Prefs) { p.SetToken("b1", TokenPrefs{CopyHotkey: "Win+Alt+O"}) }
	if err := Change(clash)(d); err == nil {
		t.Fatal("a clash with the copy hotkey was accepted")
	}
	if err := Change(func(p *Prefs) { p.HotkeyOff = true })(d); err != nil {
		t.Fatal(err)
	}
	if err := Change(clash)(d); err != nil {
		t.Fatalf("with the copy hotkey off: %v", err)
	}
	if err := Change(func(p *Prefs) { p.HotkeyOff = false })(d); err == nil {
		t.Fatal("turning the copy hotkey on over a token's was accepted")
	}
	d.Settings.Other["hotkey"] = json.RawMessage(`"Win+Win"`) // by hand
	if err := Change(func(p *Prefs) { p.Notify = "off" })(d); err != nil {
		t.Errorf("an unrelated change on a bad file: %v", err)
	}
}

func TestForgetToken(t *testing.T) {
	d := twoTokens()
	if err := Change(func(p *Prefs) {
		p.SetToken("b1", TokenPrefs{Template: "{code}{enter}"})
		p.SetToken("m1", TokenPrefs{Windows: []string{"mail"}})
	})(d); err != nil {
		t.Fatal(err)
	}
	if err := ForgetToken("b1")(d); err != nil {
		t.Fatal(err)
	}
	p, _ := Of(d.Settings)
	if _, ok := p.Tokens["b1"]; ok || len(p.Token("m1").Windows) != 1 {
		t.Errorf("after forgetting b1: %+v", p.Tokens)
	}
	if err := ForgetToken("m1")(d); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Settings.Other[tokensKey]; ok {
		t.Errorf("an empty entry list stays: %s", d.Settings.Other[tokensKey])
	}
	// Unreadable preferences do not keep a token from being removed.
	d.Settings.Other = map[string]json.RawMessage{tokensKey: json.RawMessage(`"junk"`)}
	if err := ForgetToken("b1")(d); err != nil {
		t.Errorf("ForgetToken on a bad entry list: %v", err)
	}
}

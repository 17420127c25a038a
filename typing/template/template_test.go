package template

import (
	"reflect"
	"testing"

	"github.com/otptray/otptray/i18n"
)

func TestParse(t *testing.T) {
	tests := []struct {
		tmpl string
		want []Step
	}{
		{Default, []Step{{Kind: Code}}},
		{VIPRegistration, []Step{{Kind: ID}, {Kind: Tab}, {Kind: Code}, {Kind: Tab}, {Kind: Wait}, {Kind: Code}}},
		{"{code}{enter}", []Step{{Kind: Code}, {Kind: Enter}}},
		{"{next}", []Step{{Kind: Next}}},
		{"pin 1234 {code}!", []Step{{Kind: Text, Text: "pin 1234 "}, {Kind: Code}, {Kind: Text, Text: "!"}}},
		{"{{code}}", []Step{{Kind: Text, Text: "{code}"}}},
		{"a{{b}}c", []Step{{Kind: Text, Text: "a{b}c"}}},
		{"{{{code}}}", []Step{{Kind: Text, Text: "{"}, {Kind: Code}, {Kind: Text, Text: "}"}}},
		{"日本{code}語", []Step{{Kind: Text, Text: "日本"}, {Kind: Code}, {Kind: Text, Text: "語"}}},
		{"plain", []Step{{Kind: Text, Text: "plain"}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.tmpl)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.tmpl, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.tmpl, got, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	const known = "the placeholders are {code}, {next}, {id}, {tab}, {enter}, {wait}"
	tests := []struct{ tmpl, want string }{
		{"", "the template is empty: write what to type, for example {code}"},
		{"{code", "the { at character 1 is not closed by }; write {{ to type a {"},
		{"ab{code{tab}", "the { at character 3 is not closed by }; write {{ to type a {"},
		{"{code}}", "the } at character 7 closes no {; write }} to type a }"},
		{"a}b", "the } at character 2 closes no {; write }} to type a }"},
		{"x{}", "the {} at character 2 names no placeholder"},
		{"{ }", "the {} at character 1 names no placeholder"},
		{"{otp}", "{otp} at character 1 is no placeholder; " + known},
		{"{id}{Code}", "{Code} at character 5 is no placeholder; " + known},
		{"日本{pin}", "{pin} at character 3 is no placeholder; " + known},
	}
	for _, tt := range tests {
		steps, err := Parse(tt.tmpl)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", tt.tmpl, steps)
			continue
		}
		if got := i18n.English().Err(err); got != tt.want {
			t.Errorf("Parse(%q): %q\nwant %q", tt.tmpl, got, tt.want)
		}
		if ja := i18n.New("ja").Err(err); ja == "" || ja == i18n.English().Err(err) {
			t.Errorf("Parse(%q): no Japanese message: %q", tt.tmpl, ja)
		}
	}
}

func TestNeeds(t *testing.T) {
	tests := []struct {
		tmpl         string
		id, periodic bool
	}{
		{Default, false, false},
		{VIPRegistration, true, true},
		{"{next}", false, true},
		{"{id}{tab}{code}", true, false},
		{"{{id}}", false, false},
	}
	for _, tt := range tests {
		steps, err := Parse(tt.tmpl)
		if err != nil {
			t.Fatal(err)
		}
		if got := NeedsID(steps); got != tt.id {
			t.Errorf("NeedsID(%q) = %v", tt.tmpl, got)
		}
		if got := NeedsPeriod(steps); got != tt.periodic {
			t.Errorf("NeedsPeriod(%q) = %v", tt.tmpl, got)
		}
	}
}

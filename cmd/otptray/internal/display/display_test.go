package display

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/otptray/otptray/i18n"
)

func TestMessageMatchesCatalogue(t *testing.T) {
	for _, lang := range i18n.Languages {
		got, want := Message(lang), i18n.New(lang).T(MessageID)
		if want == MessageID {
			t.Fatalf("%s: the catalogue has no %s", lang, MessageID)
		}
		if got != want {
			t.Errorf("%s: Message differs from the catalogue:\n got %q\nwant %q", lang, got, want)
		}
	}
	if got, want := Message("xx"), i18n.New("en").T(MessageID); got != want {
		t.Errorf("unknown language: %q, want the English %q", got, want)
	}
}

func TestLookup(t *testing.T) {
	fsys := fstest.MapFS{
		"a.en.toml": {Data: []byte("# comment\n\"x.one_more\" = \"not this\"\n\"x.one\"=\"One \\\"quoted\\\" \\u00e9\\n\"\n")},
		"b.en.toml": {Data: []byte("  \"x.two\"   =   \"Two\"  \r\n\"x.bad\" = 'literal'\n\"x.tail\" = \"text\" # comment\n")},
		"b.ja.toml": {Data: []byte("\"x.two\" = \"二\"\n")},
		"c.en.txt":  {Data: []byte("\"x.three\" = \"Three\"\n")},
	}
	tests := []struct {
		lang, id string
		want     string
		ok       bool
	}{
		{"en", "x.one", "One \"quoted\" é\n", true},
		{"en", "x.two", "Two", true},
		{"ja", "x.two", "二", true},
		{"ja", "x.one", "", false},
		{"en", "x.three", "", false}, // not a catalogue file
		{"en", "x.on", "", false},
		{"en", "x.bad", "", false},  // a literal string: the catalogue does not use them
		{"en", "x.tail", "", false}, // a comment after the text, likewise
	}
	for _, tt := range tests {
		got, ok := lookup(fsys, tt.lang, tt.id)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookup(%s, %s) = %q, %v; want %q, %v", tt.lang, tt.id, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLangAndMissing(t *testing.T) {
	tests := []struct {
		env     map[string]string
		lang    string
		missing bool
	}{
		{map[string]string{}, "en", true},
		{map[string]string{"LANG": "ja_JP.UTF-8", "DISPLAY": ":0"}, "ja", false},
		{map[string]string{"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en", true},
		{map[string]string{"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja", true},
		{map[string]string{"LANGUAGE": "ja:en", "WAYLAND_DISPLAY": "wayland-0"}, "ja", false},
		{map[string]string{"LANG": "JA-jp"}, "ja", true},
		{map[string]string{"LANG": "ja"}, "ja", true},
		{map[string]string{"LANG": "jam"}, "en", true},
	}
	for _, tt := range tests {
		getenv := func(k string) string { return tt.env[k] }
		if got := Lang(getenv); got != tt.lang {
			t.Errorf("%v: Lang = %q, want %q", tt.env, got, tt.lang)
		}
		if got := Missing(getenv); got != tt.missing {
			t.Errorf("%v: Missing = %v, want %v", tt.env, got, tt.missing)
		}
		// The catalogue picks the same language from the same environment.
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
			t.Setenv(k, tt.env[k])
		}
		if got := i18n.SystemLanguage(); got != tt.lang {
			t.Errorf("%v: the catalogue picks %q, Lang %q", tt.env, got, tt.lang)
		}
	}
}

// TestInitialisedBeforeHotkey checks the rule package check relies on:
// each package it depends on that golang.design/x/hotkey does not has an
// import path that sorts before hotkey's, so Go initialises it (and check)
// before hotkey, whose init panics without a display.
func TestInitialisedBeforeHotkey(t *testing.T) {
	const hotkey = "golang.design/x/hotkey"
	deps := func(pkg string) []string {
		cmd := exec.Command("go", "list", "-deps", pkg)
		cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	ofHotkey := map[string]bool{}
	for _, p := range deps(hotkey) {
		ofHotkey[p] = true
	}
	if !ofHotkey[hotkey] {
		t.Fatalf("go list -deps %s does not list it", hotkey)
	}
	checked := 0
	for _, p := range deps("github.com/otptray/otptray/cmd/otptray/internal/display/check") {
		if ofHotkey[p] {
			continue
		}
		checked++
		if p >= hotkey {
			t.Errorf("package check depends on %s, which hotkey does not import and whose path sorts after %s: Go may initialise hotkey first, which panics without a display", p, hotkey)
		}
	}
	if checked == 0 {
		t.Error("package check depends on nothing beyond hotkey's packages, not even itself: the list is wrong")
	}
}

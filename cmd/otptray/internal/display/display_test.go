package display

import (
	"testing"

	"github.com/otptray/otptray/i18n"
)

func TestMessagesMatchCatalogue(t *testing.T) {
	for _, lang := range i18n.Languages {
		if got, want := Messages[lang], i18n.New(lang).T("tray.err.no_desktop"); got != want {
			t.Errorf("%s: message differs from the catalogue:\n got %q\nwant %q", lang, got, want)
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
		{map[string]string{"LANGUAGE": "ja:en", "WAYLAND_DISPLAY": "wayland-0"}, "ja", false},
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
	}
}

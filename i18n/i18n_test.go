package i18n

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// catalogue returns, per language, every message ID with its text.
func catalogue(t *testing.T) map[string]map[string]string {
	t.Helper()
	loaded, err := messages()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		out[lang] = map[string]string{}
	}
	files, _ := locales.ReadDir("locales")
	for _, f := range files {
		mf, err := goi18n.ParseMessageFileBytes(mustRead(t, "locales/"+f.Name()), f.Name(), map[string]goi18n.UnmarshalFunc{"toml": tomlUnmarshal})
		if err != nil {
			t.Fatal(err)
		}
		lang := mf.Tag.String()
		if _, ok := out[lang]; !ok {
			t.Fatalf("%s: language %q is not in Languages", f.Name(), lang)
		}
		for _, m := range mf.Messages {
			if _, dup := out[lang][m.ID]; dup {
				t.Errorf("%s: message %q defined twice for %s", f.Name(), m.ID, lang)
			}
			out[lang][m.ID] = m.Other
		}
	}
	if !maps.EqualFunc(out, loaded, maps.Equal) {
		t.Fatal("package i18n loaded other messages than go-i18n reads from the files")
	}
	return out
}

var placeholder = regexp.MustCompile(`\.[A-Z][A-Za-z]*`)

func names(tmpl string) []string {
	n := placeholder.FindAllString(tmpl, -1)
	slices.Sort(n)
	return slices.Compact(n)
}

// TestCatalogueComplete: every message exists in every language, with the
// same template fields, and renders.
func TestCatalogueComplete(t *testing.T) {
	cat := catalogue(t)
	if len(cat["en"]) < 20 {
		t.Fatalf("only %d English messages: catalogue not loaded", len(cat["en"]))
	}
	for _, lang := range Languages {
		for id := range cat["en"] {
			if _, ok := cat[lang][id]; !ok {
				t.Errorf("%s: message %q has no translation", lang, id)
			}
		}
		for id, text := range cat[lang] {
			en, ok := cat["en"][id]
			if !ok {
				t.Errorf("%s: message %q has no English original", lang, id)
				continue
			}
			if a, b := names(en), names(text); !slices.Equal(a, b) {
				t.Errorf("%s: message %q uses fields %v, English uses %v", lang, id, b, a)
			}
		}
	}
	ja := New("ja")
	for id := range cat["en"] {
		if got := ja.T(id); got == id {
			t.Errorf("ja: %q renders as its ID", id)
		}
	}
}

func TestErrRendersChainInLanguage(t *testing.T) {
	_, err := token.ParseURI("otpauth://totp/x?secret=1!!")
	if err == nil {
		t.Fatal("bad secret accepted")
	}
	wrapped := fmt.Errorf("add: %w", err)
	en := New("en").Err(wrapped)
	ja := New("ja").Err(wrapped)
	if !strings.Contains(en, "bad secret in the URI: the secret is not valid base32") {
		t.Errorf("en: %q", en)
	}
	if !strings.Contains(ja, "Base32") || !strings.Contains(ja, "secret が正しくありません") {
		t.Errorf("ja: %q", ja)
	}
	e := msg.New("test.plain", errors.New("disk full"))
	if got := New("en").Err(e); !strings.HasSuffix(got, ": disk full") {
		t.Errorf("foreign cause not appended: %q", got)
	}
}

// An error given as a message argument is rendered in the same language.
func TestErrArgumentTranslated(t *testing.T) {
	e := msg.New("store.corrupt_nobackup", nil, "Path", "tokens.json",
		"Detail", msg.New("store.bad_token", msg.New("token.digits", nil, "Digits", 12), "Index", 1, "Name", "Mail"))
	en, ja := New("en").Err(e), New("ja").Err(e)
	if want := "the tokens file tokens.json is damaged (token 1 (Mail): digits must be between 6 and 8 (5 for Steam), not 12); it was left untouched (there is no backup)"; en != want {
		t.Errorf("en:\n  %s\nwant\n  %s", en, want)
	}
	if !strings.Contains(ja, "（トークン 1（Mail）: 桁数は") {
		t.Errorf("ja: %s", ja)
	}
	if _, ok := e.Args["Detail"].(error); !ok {
		t.Error("rendering replaced the error's own argument")
	}
}

func TestPickLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"ja_JP.UTF-8": "ja", "ja-JP": "ja", "ja": "ja", "ja:en": "ja",
		"en_US.UTF-8": "en", "C": "en", "de_DE": "en", "jam": "en", "": "en",
	} {
		if got := pick(in); got != want {
			t.Errorf("pick(%q) = %q, want %q", in, got, want)
		}
	}
	t.Setenv("LC_ALL", "ja_JP.UTF-8")
	if New("").Lang() != "ja" || New("en").Lang() != "en" || New("fr").Lang() != "en" {
		t.Error("language choice ignores setting or locale")
	}
}

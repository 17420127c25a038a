// Package i18n is otptray's message catalogue: every text a user sees, in
// English and Japanese, chosen from the OS locale or the user's setting.
//
// Messages live in locales/<area>.<lang>.toml, one pair of files per area, so
// the CLI, the tray and VIP can each keep theirs. Errors carry only a message
// ID and its arguments (package msg); this package gives them their words and
// knows no package that raises them.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/otptray/otptray/internal/msg"
)

//go:embed locales/*.toml
var locales embed.FS

// Languages the catalogue has, in the order the settings offer them.
var Languages = []string{"en", "ja"}

var (
	bundleOnce sync.Once
	bundle     *goi18n.Bundle
	bundleErr  error
)

func loadBundle() (*goi18n.Bundle, error) {
	bundleOnce.Do(func() {
		b := goi18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		files, err := fs.Glob(locales, "locales/*.toml")
		if err != nil {
			bundleErr = err
			return
		}
		for _, f := range files {
			if _, err := b.LoadMessageFileFS(locales, f); err != nil {
				bundleErr = fmt.Errorf("message catalogue %s: %w", f, err)
				return
			}
		}
		bundle = b
	})
	return bundle, bundleErr
}

// Localizer renders messages in one language.
type Localizer struct {
	lang string
	loc  *goi18n.Localizer
}

// New returns a Localizer for lang ("en", "ja"); "" or "system" means the
// OS locale. Unknown languages fall back to English.
func New(lang string) *Localizer {
	if lang == "" || lang == "system" {
		lang = SystemLanguage()
	}
	if !slices.Contains(Languages, lang) {
		lang = "en"
	}
	b, err := loadBundle()
	if err != nil {
		// The catalogue is embedded and tested; failing to parse it is a
		// build defect, not a user error.
		panic(err)
	}
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(b, lang, "en")}
}

// Lang is the language this Localizer renders ("en" or "ja").
func (l *Localizer) Lang() string { return l.lang }

// T renders message id with kv as alternating names and values. A missing
// message renders as its ID, so a gap is visible rather than silent.
func (l *Localizer) T(id string, kv ...any) string {
	return l.render(id, pairs(kv))
}

func (l *Localizer) render(id string, args map[string]any) string {
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: l.localArgs(args)})
	if err != nil || s == "" {
		return id
	}
	return s
}

// localArgs renders the arguments that are errors in this language, so a
// message may embed another (the damaged file names the bad token's error).
func (l *Localizer) localArgs(args map[string]any) map[string]any {
	var out map[string]any
	for k, v := range args {
		e, ok := v.(error)
		if !ok {
			continue
		}
		if out == nil {
			out = maps.Clone(args)
		}
		out[k] = l.Err(e)
	}
	if out == nil {
		return args
	}
	return out
}

func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}

// Err renders an error for the user: every link of the chain that is a
// *msg.Error is translated; other errors (from the OS or a library) are
// shown as they are.
func (l *Localizer) Err(err error) string {
	if err == nil {
		return ""
	}
	var parts []string
	for err != nil {
		var m *msg.Error
		if !errors.As(err, &m) {
			parts = append(parts, err.Error())
			break
		}
		// Text of wrappers above the message (fmt.Errorf("...: %w")) is
		// English plumbing; the message carries the meaning.
		parts = append(parts, l.render(m.ID, m.Args))
		err = m.Cause
	}
	return strings.Join(parts, ": ")
}

var english = sync.OnceValue(func() *Localizer { return New("en") })

// English is the English Localizer, for logs.
func English() *Localizer { return english() }

// SystemLanguage is "ja" when the OS or environment asks for Japanese, else "en".
func SystemLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if s := os.Getenv(v); s != "" {
			return pick(s)
		}
	}
	return pick(osLanguage())
}

func pick(locale string) string {
	// "ja_JP.UTF-8", "ja-JP", "ja", or a LANGUAGE list "ja:en".
	first := strings.FieldsFunc(locale, func(r rune) bool { return r == ':' || r == ',' })
	if len(first) == 0 {
		return "en"
	}
	l := strings.ToLower(first[0])
	if l == "ja" || strings.HasPrefix(l, "ja_") || strings.HasPrefix(l, "ja-") || strings.HasPrefix(l, "ja.") {
		return "ja"
	}
	return "en"
}

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
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/otptray/otptray/internal/msg"
)

//go:embed locales/*.toml
var locales embed.FS

// Languages the catalogue has, in the order the settings offer them.
var Languages = []string{"en", "ja"}

// messages is every message by language and ID, read once from the files.
var messages = sync.OnceValues(loadCatalogue)

// loadCatalogue reads locales/<area>.<lang>.toml: each file a flat table of
// message ID = template (see messageTemplate).
func loadCatalogue() (map[string]map[string]string, error) {
	cat := map[string]map[string]string{}
	for _, lang := range Languages {
		cat[lang] = map[string]string{}
	}
	files, err := fs.Glob(locales, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := loadFile(cat, f); err != nil {
			return nil, fmt.Errorf("message catalogue %s: %w", f, err)
		}
	}
	return cat, nil
}

func loadFile(cat map[string]map[string]string, name string) error {
	parts := strings.Split(path.Base(name), ".")
	if len(parts) != 3 {
		return errors.New("the name is not <area>.<lang>.toml")
	}
	msgs, ok := cat[parts[1]]
	if !ok {
		return fmt.Errorf("language %q is not one of %s", parts[1], strings.Join(Languages, ", "))
	}
	data, err := fs.ReadFile(locales, name)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		return err
	}
	for id, v := range m {
		text, ok := v.(string)
		if !ok {
			return fmt.Errorf("message %q is not a string", id)
		}
		msgs[id] = text
	}
	return nil
}

// Localizer renders messages in one language.
type Localizer struct {
	lang string
	cat  map[string]map[string]string
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
	cat, err := messages()
	if err != nil {
		// The catalogue is embedded and tested; failing to parse it is a
		// build defect, not a user error.
		panic(err)
	}
	return &Localizer{lang: lang, cat: cat}
}

// Lang is the language this Localizer renders ("en" or "ja").
func (l *Localizer) Lang() string { return l.lang }

// T renders message id with kv as alternating names and values. A missing
// message renders as its ID, so a gap is visible rather than silent.
func (l *Localizer) T(id string, kv ...any) string {
	return l.render(id, pairs(kv))
}

// render fills message id in the Localizer's language, or in English when
// that lacks it; a message that is missing or does not render shows its ID.
func (l *Localizer) render(id string, args map[string]any) string {
	src, ok := l.cat[l.lang][id]
	if !ok {
		src = l.cat["en"][id]
	}
	s, err := renderMessage(src, l.localArgs(args))
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
// shown as they are. A plain message (msg.NewPlain) in the chain is shown
// alone, its cause after it on a second line, "Details: ...".
func (l *Localizer) Err(err error) string {
	text, details := l.explain(err)
	if details == "" {
		return text
	}
	return text + "\n" + l.T("msgs12.details", "Detail", details)
}

// Short renders an error on one line, for a menu line or a title: as Err,
// without a plain message's details.
func (l *Localizer) Short(err error) string {
	text, _ := l.explain(err)
	return text
}

// explain is the text of err and, for a plain message, its details on one
// line.
func (l *Localizer) explain(err error) (text, details string) {
	if p := plainOf(err); p != nil {
		if p.Cause != nil {
			details = strings.Join(strings.Fields(l.chain(p.Cause)), " ")
		}
		return l.render(p.ID, p.Args), details
	}
	return l.chain(err), ""
}

// plainOf is the first plain message in err's chain of messages.
func plainOf(err error) *msg.Error {
	for err != nil {
		var m *msg.Error
		if !errors.As(err, &m) {
			return nil
		}
		if m.Plain {
			return m
		}
		err = m.Cause
	}
	return nil
}

// chain renders each link of err's chain, joined by ": ".
func (l *Localizer) chain(err error) string {
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

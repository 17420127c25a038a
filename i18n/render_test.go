package i18n

import (
	"strings"
	"testing"
	"text/template"
)

// TestCatalogueRendersAsTextTemplate: every message parses as a
// messageTemplate and renders the text text/template (with go-i18n's
// options, which the catalogue was written for) renders, for strings,
// numbers, true and false in its fields and with the fields missing.
func TestCatalogueRendersAsTextTemplate(t *testing.T) {
	cat := catalogue(t)
	for lang, msgs := range cat {
		for id, src := range msgs {
			m, err := parseMessage(src)
			if err != nil {
				t.Errorf("%s %s: %v", lang, id, err)
				continue
			}
			ref, err := template.New("").Option("missingkey=default").Parse(src)
			if err != nil {
				t.Errorf("%s %s: text/template: %v", lang, id, err)
				continue
			}
			for _, v := range []any{nil, `a "b"`, "", 0, 1, 2, true, false} {
				args := map[string]any{}
				if v != nil {
					for _, f := range names(src) {
						args[strings.TrimPrefix(f, ".")] = v
					}
				}
				var want strings.Builder
				wantErr := ref.Execute(&want, args)
				got, gotErr := m.Execute(args)
				if (wantErr != nil) != (gotErr != nil) || wantErr == nil && got != want.String() {
					t.Errorf("%s %s with %v:\n got %q, %v\nwant %q, %v", lang, id, args, got, gotErr, want.String(), wantErr)
				}
			}
		}
	}
}

package i18n

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"text/template"
)

// textTemplate renders src as the message catalogue did with text/template
// (go-i18n's options), the reference messageTemplate must match.
func textTemplate(src string, args map[string]any) (string, error) {
	t, err := template.New("").Option("missingkey=default").Parse(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, args)
	return b.String(), err
}

type stringer struct{ s string }

func (s *stringer) String() string { return "<" + s.s + ">" }

type plain struct{ A int }

// TestMessageTemplateMatchesTextTemplate: every supported form renders as
// text/template renders it, for values of many kinds and for missing ones.
func TestMessageTemplateMatchesTextTemplate(t *testing.T) {
	sources := []string{
		"plain text, no action",
		"{{.Name}}",
		"a {{.Name}} b {{.Count}} c",
		`{{printf "%q" .Name}}`,
		`{{printf "%v|%d" .Name .Count}}`,
		`{{printf "%s-%s" .Name "lit"}}`,
		"{{if .Checked}}on{{else}}off{{end}}",
		"{{if .Name}}named {{.Name}}{{end}}",
		"{{if eq .Count 1}}one{{else}}{{.Count}} many{{end}}",
		"{{if ne .Count 0}}some{{end}}",
		"{{if eq 1 .Count}}one{{end}}",
		"{{if not .Checked}}unchecked{{end}}",
		`{{if eq .Name "x"}}x!{{end}}`,
		"{{if eq .Count 1.5}}1.5{{end}}",
		"{{/* a comment */}}after",
		"{{if .A}}{{if .B}}ab{{else}}a{{end}}{{else}}none{{end}}",
		"{{.Err}} / {{.URL}} / {{.Ptr}} / {{.Struct}} / {{.List}} / {{.NilPtr}}",
	}
	argSets := []map[string]any{
		nil,
		{},
		{"Name": "alice", "Count": 1, "Checked": true, "A": 1, "B": "b"},
		{"Name": `q"uote`, "Count": 2, "Checked": false, "A": 0, "B": ""},
		{"Name": "", "Count": 0, "Checked": false},
		{"Name": "x", "Count": uint8(1), "A": []int{}, "B": map[string]int{"k": 1}},
		{"Name": "x", "Count": int64(-1), "A": &plain{}, "B": (*plain)(nil)},
		{"Count": 1.5, "Name": 3},
		{"Count": "1"}, // eq of a string with a number: an error in both
		{
			"Err": errors.New("boom"), "URL": &url.URL{Scheme: "https", Host: "h"}, "Ptr": &stringer{"s"},
			"Struct": plain{A: 7}, "List": []string{"a", "b"}, "NilPtr": (*plain)(nil),
		},
	}
	for _, src := range sources {
		m, err := parseMessage(src)
		if err != nil {
			t.Errorf("parseMessage(%q): %v", src, err)
			continue
		}
		for _, args := range argSets {
			want, wantErr := textTemplate(src, args)
			got, gotErr := m.Execute(args)
			if (wantErr != nil) != (gotErr != nil) || got != want && wantErr == nil {
				t.Errorf("%q with %v:\n got %q, %v\nwant %q, %v (text/template)", src, args, got, gotErr, want, wantErr)
			}
		}
	}
}

// TestMessageTemplateRefuses: what the evaluator cannot run fails at parse
// time with a reason, not at run time.
func TestMessageTemplateRefuses(t *testing.T) {
	for _, src := range []string{
		"{{range .List}}x{{end}}",
		"{{with .Name}}x{{end}}",
		"{{$x := .Name}}{{$x}}",
		"{{.Name | printf \"%q\"}}",
		"{{.User.Name}}",
		"{{len .List}}",
		"{{define \"t\"}}x{{end}}",
		"{{template \"t\"}}",
		"{{.Method 1}}",
		"{{printf \"%v\" (print 1)}}",
		"{{if}}x{{end}}",
		"{{.Name",
	} {
		if _, err := parseMessage(src); err == nil {
			t.Errorf("parseMessage(%q) = nil error, want a refusal", src)
		}
	}
}

// TestRenderMessageErrors: a message that cannot run is an error (the
// Localizer then shows the ID), and the cache serves a message twice alike.
func TestRenderMessageErrors(t *testing.T) {
	for _, src := range []string{"{{range .X}}{{end}}", "{{if eq .N 1}}x{{end}}"} {
		for range 2 {
			if got, err := renderMessage(src, map[string]any{"N": "one"}); err == nil {
				t.Errorf("renderMessage(%q) = %q, want an error", src, got)
			}
		}
	}
	for range 2 {
		if got, err := renderMessage(`no token matches {{printf "%q" .Query}}`, map[string]any{"Query": "a b"}); err != nil || got != `no token matches "a b"` {
			t.Errorf("renderMessage = %q, %v", got, err)
		}
	}
}

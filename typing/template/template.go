// Package template reads what is typed for a token: literal text and
// placeholders in braces, such as the default "{code}" or the
// registration form of a bank for a VIP credential,
// "{id}{tab}{code}{tab}{wait}{code}". It is pure: Parse checks a template
// and Expand turns it, for a token at an instant, into the plan of keys and
// waits that package typing carries out.
//
// Placeholders:
//
//	{code}   the code now; after {wait}, the code of that new period
//	{next}   the code of the period after the current one, now
//	{id}     the token's credential ID (VIP)
//	{tab}    the Tab key
//	{enter}  the Enter key
//	{wait}   wait for the next period boundary
//
// A literal brace is written twice: "{{" types "{" and "}}" types "}".
package template

import (
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// Templates offered by name.
const (
	Default         = "{code}"
	VIPRegistration = "{id}{tab}{code}{tab}{wait}{code}"
)

// Kind is what a step of a template does.
type Kind int

const (
	Text  Kind = iota // types Step.Text
	Code              // {code}
	Next              // {next}
	ID                // {id}
	Tab               // {tab}
	Enter             // {enter}
	Wait              // {wait}
)

// placeholders are the names of the placeholders, in the order a message
// lists them.
var placeholders = []struct {
	name string
	kind Kind
}{{"code", Code}, {"next", Next}, {"id", ID}, {"tab", Tab}, {"enter", Enter}, {"wait", Wait}}

// Step is one part of a template.
type Step struct {
	Kind Kind
	Text string // the literal text of a Text step
}

// known lists the placeholders for a message: "{code}, {next}, ...".
func known() string {
	var names []string
	for _, p := range placeholders {
		names = append(names, "{"+p.name+"}")
	}
	return strings.Join(names, ", ")
}

// Parse reads a template. It refuses an empty template, an unknown or
// empty placeholder, a brace that is not closed and a closing brace that
// was not opened, naming the place (in characters from 1).
func Parse(tmpl string) ([]Step, error) {
	if tmpl == "" {
		return nil, msg.New("typing.template.empty", nil)
	}
	var steps []Step
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			steps = append(steps, Step{Kind: Text, Text: text.String()})
			text.Reset()
		}
	}
	runes := []rune(tmpl)
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; {
		case r == '{' && i+1 < len(runes) && runes[i+1] == '{':
			text.WriteRune('{')
			i++
		case r == '}' && i+1 < len(runes) && runes[i+1] == '}':
			text.WriteRune('}')
			i++
		case r == '}':
			return nil, msg.New("typing.template.stray_close", nil, "Pos", i+1)
		case r == '{':
			end := indexRune(runes[i+1:], '}')
			open := indexRune(runes[i+1:], '{')
			if end < 0 || open >= 0 && open < end {
				return nil, msg.New("typing.template.unclosed", nil, "Pos", i+1, "Escape", "{{")
			}
			name := string(runes[i+1 : i+1+end])
			if strings.TrimSpace(name) == "" {
				return nil, msg.New("typing.template.empty_placeholder", nil, "Pos", i+1)
			}
			kind, ok := lookup(name)
			if !ok {
				return nil, msg.New("typing.template.unknown", nil, "Name", "{"+name+"}", "Pos", i+1, "Known", known())
			}
			flush()
			steps = append(steps, Step{Kind: kind})
			i += end + 1
		default:
			text.WriteRune(r)
		}
	}
	flush()
	return steps, nil
}

func indexRune(rs []rune, r rune) int {
	for i, c := range rs {
		if c == r {
			return i
		}
	}
	return -1
}

func lookup(name string) (Kind, bool) {
	for _, p := range placeholders {
		if p.name == name {
			return p.kind, true
		}
	}
	return 0, false
}

// NeedsID reports whether steps type the credential ID, which only some
// tokens (VIP) have.
func NeedsID(steps []Step) bool { return has(steps, ID) }

// NeedsPeriod reports whether steps wait for a period boundary or type the
// next period's code, which only time-based tokens have.
func NeedsPeriod(steps []Step) bool { return has(steps, Wait) || has(steps, Next) }

func has(steps []Step, k Kind) bool {
	for _, s := range steps {
		if s.Kind == k {
			return true
		}
	}
	return false
}

// Package msg is the one error type of otptray that a user may see: an ID
// of the message catalogue, the values for its placeholders, and the cause.
// It sits below every other package and imports none of them, so the
// domain raises errors without knowing their words; package i18n renders
// them in the user's language.
package msg

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a catalogue message with its arguments, wrapping its cause.
type Error struct {
	ID    string         // catalogue message ID, e.g. "store.read"
	Args  map[string]any // placeholder values, by name; an error is shown translated
	Cause error          // what went wrong underneath, if anything; may be nil
	// Plain marks a message that says in full what failed and what to do
	// (NewPlain). Its cause is technical detail, which i18n shows after it
	// on a "Details" line or leaves out of one-line places; the messages
	// that wrap it would only repeat it, and are not shown.
	Plain bool
}

// New makes an Error; kv are alternating names and values for the
// message's placeholders.
func New(id string, cause error, kv ...any) *Error {
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		args[k] = kv[i+1]
	}
	return &Error{ID: id, Args: args, Cause: cause}
}

// NewPlain makes an Error that is a whole sentence for a person (see
// Error.Plain), its cause the technical detail.
func NewPlain(id string, cause error, kv ...any) *Error {
	e := New(id, cause, kv...)
	e.Plain = true
	return e
}

// Error is the ID with its arguments and the cause, for logs and
// programmers: the words live in the catalogue, so a user sees the error
// through i18n instead. Example: store.read(Path="/x/tokens.json"): open ...
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.ID)
	if len(e.Args) > 0 {
		keys := make([]string, 0, len(e.Args))
		for k := range e.Args {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('(')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			switch v := e.Args[k].(type) {
			case error:
				fmt.Fprintf(&b, "%s=%q", k, v.Error())
			default:
				fmt.Fprintf(&b, "%s=%#v", k, v)
			}
		}
		b.WriteByte(')')
	}
	if e.Cause != nil {
		b.WriteString(": ")
		b.WriteString(e.Cause.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Cause }

//go:build !windows && !darwin

package foreground

import (
	"testing"

	"github.com/jezek/xgb/xproto"
)

func TestTextProperty(t *testing.T) {
	const compoundText = 400 // any atom but STRING: COMPOUND_TEXT, UTF8_STRING
	tests := []struct {
		name   string
		typ    xproto.Atom
		format byte
		value  string
		want   string
	}{
		{"STRING is Latin-1", xproto.AtomString, 8, "B\xfcro", "Büro"},
		{"STRING of ASCII", xproto.AtomString, 8, "mail", "mail"},
		{"other type, UTF-8", compoundText, 8, "Büro", "Büro"},
		{"other type, not UTF-8", compoundText, 8, "B\xfcro", "Büro"},
		{"not 8-bit", xproto.AtomString, 32, "abcd", ""},
		{"unset", xproto.AtomNone, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &xproto.GetPropertyReply{Type: tt.typ, Format: tt.format, Value: []byte(tt.value)}
			if got := textProperty(p); got != tt.want {
				t.Errorf("textProperty = %q, want %q", got, tt.want)
			}
		})
	}
}

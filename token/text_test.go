package token

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/keyringtest"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bank", "Bank"},
		{"  Bank (work)  ", "Bank (work)"},
		{"\x1b[31mBank\x1b[0m", "[31mBank[0m"},
		{"\x1b]52;c;aGVsbG8=\x07Mail", "]52;c;aGVsbG8=Mail"}, // OSC 52 would write the clipboard
		{"\u009b31mC1\u009d", "31mC1"},
		{"two\nlines\r\nand\ttab", "two lines  and tab"},
		{"line\u2028sep\u0085nel", "line sep nel"},
		{"\u202eknaB\u202c", "knaB"},
		{"\u2067isolate\u2069", "isolate"},
		{"del\x7f nul\x00", "del nul"},
		{"bad \xff utf-8", "bad \ufffd utf-8"},
		{"VIP アクセス 👩‍💻", "VIP アクセス 👩‍💻"},
		{"\x1b\x07\n", ""},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A name, issuer or account with escape sequences is stored clean, whether
// it comes from a URI, a rename or a hand-edited tokens file.
func TestNamesStoredClean(t *testing.T) {
	tok, err := ParseURI("otpauth://totp/%1B%5B2J%1B%5BHEvil%0A:me%1B%5B8m?secret=JBSWY3DPEHPK3PXP&issuer=%1B%5B2J%1B%5BHEvil%0A")
	if err != nil {
		t.Fatal(err)
	}
	if tok.Name != "[2J[HEvil (me[8m)" || tok.Issuer != "[2J[HEvil" || tok.Account != "me[8m" {
		t.Errorf("from a URI: name %q, issuer %q, account %q", tok.Name, tok.Issuer, tok.Account)
	}

	d := Data{Tokens: []Token{{ID: "a", Name: "Bank"}}}
	if err := d.Rename("a", "\x1b[31mRed\x1b[0m\n"); err != nil || d.Tokens[0].Name != "[31mRed[0m" {
		t.Errorf("Rename: %q, %v", d.Tokens[0].Name, err)
	}
	if err := d.Rename("a", "\x1b\x07"); err == nil {
		t.Errorf("Rename to only control characters: no error, name %q", d.Tokens[0].Name)
	}

	dir := t.TempDir()
	s := &Store{Dir: dir, Keyring: keyringtest.New(ErrNoSecret)}
	file := `{"schema":1,"tokens":[{"id":"a","name":"\u001b]0;pwned\u0007Mail\r","kind":"totp","algorithm":"SHA1","digits":6}]}`
	if err := os.WriteFile(filepath.Join(dir, "tokens.json"), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded.Tokens[0].Name; got != "]0;pwnedMail" {
		t.Errorf("from the tokens file: name %q", got)
	}
}

func TestNameLength(t *testing.T) {
	long := strings.Repeat("é", MaxNameLength-1) + " xyz"
	tests := []struct{ in, want string }{
		{strings.Repeat("x", 100000), strings.Repeat("x", MaxNameLength)},
		{strings.Repeat("語", MaxNameLength), strings.Repeat("語", MaxNameLength)},
		{long, strings.Repeat("é", MaxNameLength-1)}, // cut before the space, which is trimmed
		{"short", "short"},
	}
	for _, tt := range tests {
		tok := Token{Name: tt.in}
		if err := tok.Normalize(); err != nil || tok.Name != tt.want {
			t.Errorf("Normalize of a %d-byte name: %d-byte name %q…, %v", len(tt.in), len(tok.Name), firstRunes(tok.Name, 5), err)
		}
		d := Data{Tokens: []Token{{ID: "a", Name: "Bank"}}}
		if err := d.Rename("a", tt.in); err != nil || d.Tokens[0].Name != tt.want {
			t.Errorf("Rename to a %d-byte name: %d-byte name, %v", len(tt.in), len(d.Tokens[0].Name), err)
		}
	}
	tok := Token{Issuer: strings.Repeat("I", 200), Account: "me"}
	if err := tok.Normalize(); err != nil || len(tok.Name) != MaxNameLength || len(tok.Issuer) != 200 {
		t.Errorf("name from a long issuer: %d bytes (issuer %d), %v", len(tok.Name), len(tok.Issuer), err)
	}
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// Shorten counts characters, so a cut never splits one.
func TestShorten(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"日本語の日付", 3, "日本語…"},
		{"日本語", 3, "日本語"},
		{"é\u0301x", 1, "é…"},
		{"", 0, ""},
		{"a", 0, "…"},
	} {
		got := Shorten(tt.in, tt.n)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestColumns(t *testing.T) {
	for s, want := range map[string]int{"": 0, "code": 4, "使い方": 6, "（既定は 6）": 12, "ｱ": 1, "e\u0301": 1, "⚠ 問題（2 件）": 14} {
		if got := Columns(s); got != want {
			t.Errorf("Columns(%q) = %d, want %d", s, got, want)
		}
	}
}

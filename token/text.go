package token

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// CleanText makes a name, issuer or account from a file, a QR code or a
// command line safe to show: line breaks and tabs become spaces, and
// control characters (which a terminal would obey as escape sequences) and
// bidirectional overrides (which reorder the rest of a menu line or a
// terminal line) are dropped. Invalid UTF-8 becomes U+FFFD, as in the
// tokens file. Outer spaces are trimmed.
func CleanText(s string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r == 0x85, r == 0x2028, r == 0x2029:
			return ' '
		case unicode.IsControl(r):
			return -1
		case 0x202A <= r && r <= 0x202E, 0x2066 <= r && r <= 0x2069:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(clean)
}

// Shorten cuts s to at most n characters (runes, never inside one), marking
// a cut with "…"; for quoting input in a message.
func Shorten(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

// MaxNameLength is the most characters a token's name keeps: enough for
// any real name, and a name from a hostile file cannot make the tray's menu
// or otptray-cli list unusable.
const MaxNameLength = 128

// cleanName is CleanText cut to MaxNameLength characters.
func cleanName(s string) string {
	s = CleanText(s)
	n := 0
	for i := range s {
		if n == MaxNameLength {
			return strings.TrimSpace(s[:i])
		}
		n++
	}
	return s
}

// Columns is how wide s is on a terminal or in a menu's font, in columns:
// two for an East Asian wide or full-width character, none for a combining
// mark, one else.
func Columns(s string) int {
	n := 0
	for _, r := range s {
		n += RuneColumns(r)
	}
	return n
}

// RuneColumns is how wide r is, as Columns counts.
func RuneColumns(r rune) int {
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

package crash

import (
	"regexp"
	"strings"
)

// Scrub is a Go runtime traceback without what could hold a secret or a
// code: the argument words of every frame (a code or a secret's bytes may
// be passed by value) and, in the panic's or fatal error's message, runs
// of digits, base32, hex and byte lists. What says where it failed stays:
// the message's words, function names, files and lines, goroutine states.
func Scrub(traceback string) string {
	lines := strings.Split(traceback, "\n")
	inMessage := false
	for i, l := range lines {
		switch {
		case l == "":
			inMessage = false
		case strings.HasPrefix(strings.TrimLeft(l, "\t"), "panic: ") || strings.HasPrefix(l, "fatal error: "):
			inMessage = true
			lines[i] = redact(l)
		case strings.HasPrefix(l, "\t"), strings.HasPrefix(l, "goroutine "), strings.HasPrefix(l, "created by "),
			strings.HasPrefix(l, "[signal "), strings.HasPrefix(l, "exit status "):
			inMessage = false
		case inMessage:
			// A message of several lines, or a panic while panicking.
			lines[i] = redact(l)
		default:
			lines[i] = redact(dropArgs(l))
		}
	}
	return strings.Join(lines, "\n")
}

// dropArgs is a frame line "pkg.(*T).f(0x1e240, {0xc000012345, 0x14})"
// as "pkg.(*T).f(...)": the argument list is the last parenthesised part.
func dropArgs(l string) string {
	if !strings.HasSuffix(l, ")") {
		return l
	}
	depth := 0
	for i := len(l) - 1; i >= 0; i-- {
		switch l[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				if i == 0 {
					return l
				}
				return l[:i] + "(...)"
			}
		}
	}
	return l
}

var secretLike = []*regexp.Regexp{
	// Byte lists as fmt prints a []byte: [12 200 7 ...].
	regexp.MustCompile(`\[(?:\d{1,3} ){3,}\d{1,3}\]`),
	// Base32 (secrets, otpauth URIs) and hex (raw bytes, keys).
	regexp.MustCompile(`(?i)[A-Z2-7]{16,}=*`),
	regexp.MustCompile(`(?i)\b[0-9a-f]{16,}\b`),
	regexp.MustCompile(`(?i)\b0x[0-9a-f]+`),
	// Codes: 4 digits and more (OTPs have 6 to 8; lengths and indices
	// of a few digits stay).
	regexp.MustCompile(`\d{4,}`),
}

func redact(s string) string {
	for _, re := range secretLike {
		s = re.ReplaceAllString(s, "[removed]")
	}
	return s
}

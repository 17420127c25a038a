package transfer

import (
	"bufio"
	"net/url"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// ParseText reads pasted or exported text: otpauth:// URIs and
// otpauth-migration:// URIs, one a line, in any mix. Blank lines and lines
// starting with # are ignored; other lines are an error of the whole text,
// since a file with stray lines is probably not what the user meant.
func ParseText(s string) (*Result, error) {
	res := &Result{Format: FormatURI}
	var batches []migrationPayload
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64<<10), MaxInput)
	line := 0
	found := false
	for sc.Scan() {
		line++
		l := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lower := strings.ToLower(l)
		switch {
		case strings.HasPrefix(lower, "otpauth-migration:"):
			p, err := decodeMigrationURI(l)
			if err != nil {
				return nil, msg.New("transfer.line", err, "Line", line)
			}
			batches = append(batches, p)
			res.Format = FormatMigration
			found = true
		case strings.HasPrefix(lower, "otpauth:"):
			found = true
			t, err := parseOTPURI(l)
			if err != nil {
				res.Skipped = append(res.Skipped, Skipped{Name: uriName(l), Line: line, Err: err})
				continue
			}
			res.add(t)
		default:
			return nil, msg.New("transfer.text_line", nil, "Line", line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, msg.New("transfer.read", err)
	}
	if !found {
		return nil, msg.New("transfer.no_uri", nil)
	}
	mergeMigration(res, batches)
	return res, nil
}

// uriName is the label of a URI ParseURI refused, so the user can tell which
// entry was skipped; the secret is never part of it.
func uriName(uri string) string {
	_, rest, _ := strings.Cut(uri, ":")
	rest, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return ""
	}
	// otpauth://TYPE/LABEL?...: only the label, never the parameters.
	_, rest, ok = strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	label, err := url.PathUnescape(strings.ReplaceAll(rest, "+", "%20"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(label)
}

// EncodeURIList writes tokens as otpauth:// URIs, one a line.
func EncodeURIList(toks []token.Token) []byte {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.URI())
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

package vip

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/otptray/otptray/token"
)

// FuzzAnswerOf: any page of the validation service (check or sync) is read
// without a panic as one of the three outcomes; only an unknown answer is
// kept, as plain text (no markup, no control characters) of at most
// maxAnswer characters and the mark of a cut (token.Shorten adds "…").
func FuzzAnswerOf(f *testing.F) {
	for _, s := range []string{
		"<html><body><p>" + phraseWorking + ".</p></body></html>",
		"<html><body><p>" + phraseSynced + ".</p></body></html>",
		"<html><body>" + phraseNeedsSync + "hronized.</body></html>",
		"<html><head><title>Error</title></head><body><h1>Service unavailable</h1>\x1b[31m\r\n</body></html>",
		"<unclosed " + strings.Repeat("x", 300),
		"\xff\xfe not UTF-8 \u202e",
		"",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, sync bool) {
		good := phraseWorking
		if sync {
			good = phraseSynced
		}
		r := answerOf(body, good)
		switch r.Outcome {
		case Working:
			if !strings.Contains(string(body), good) {
				t.Fatal("working without the phrase")
			}
		case NeedsSync:
			if !strings.Contains(string(body), phraseNeedsSync) || strings.Contains(string(body), good) {
				t.Fatal("needs sync without its phrase, or with the good one")
			}
		case Unknown:
			if strings.Contains(string(body), good) || strings.Contains(string(body), phraseNeedsSync) {
				t.Fatal("unknown with a known phrase")
			}
		default:
			t.Fatalf("outcome %d", r.Outcome)
		}
		if r.Outcome != Unknown && r.Answer != "" {
			t.Fatalf("answer %q kept for a known outcome", r.Answer)
		}
		a := r.Answer
		if cut, ok := strings.CutSuffix(a, "…"); ok && utf8.RuneCountInString(a) > maxAnswer {
			a = cut
		}
		if !utf8.ValidString(a) || utf8.RuneCountInString(a) > maxAnswer || strings.ContainsAny(a, "<\n\r\t") || token.CleanText(r.Answer) != r.Answer {
			t.Fatalf("answer not plain and short: %q", a)
		}
		if r.Answer != strings.TrimSpace(r.Answer) || strings.Contains(r.Answer, "  ") {
			t.Fatalf("white space not collapsed: %q", r.Answer)
		}
	})
}

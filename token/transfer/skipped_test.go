package transfer

import (
	"strings"
	"testing"
)

// A skipped entry is shown with its name and the reason, both of which may
// quote the file: no control character of the file reaches the text.
func TestSkippedTextDropsControlCharacters(t *testing.T) {
	inputs := []struct{ name, data string }{
		{"otpauth list", "otpauth://motp/%1B%5B2JEvil%1B%5D0%3Bx%07?secret=JBSWY3DPEHPK3PXP\n"},
		{"andOTP", `[{"algorithm":"SHA1","digits":6,"issuer":"\u001b[2JEvil","label":"me\u001b]0;x\u0007","period":30,` +
			`"secret":"JBSWY3DPEHPK3PXP","type":"\u001b[31mMOTP\u009b","tags":[]},` +
			`{"algorithm":"\u001b[5mMD5","digits":6,"issuer":"Evil\u202e","label":"me","period":30,` +
			`"secret":"JBSWY3DPEHPK3PXP","type":"TOTP","tags":[]}]`},
	}
	for _, in := range inputs {
		res, err := Decode([]byte(in.data), Options{})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		if len(res.Skipped) == 0 {
			t.Fatalf("%s: nothing skipped", in.name)
		}
		for _, s := range res.Skipped {
			got := SkippedText(english{}, s)
			if !strings.Contains(got, "Evil") {
				t.Errorf("%s: %q does not name the entry", in.name, got)
			}
			if strings.ContainsFunc(got, func(r rune) bool { return r < 0x20 || (0x7f <= r && r < 0xa0) || r == 0x202e }) {
				t.Errorf("%s: %q holds a control character", in.name, got)
			}
		}
	}
}

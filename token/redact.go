package token

import (
	"fmt"
	"strings"
)

// Redacted is what fmt shows in place of a token's secret.
const Redacted = "<redacted>"

// Format prints a Token as fmt would, except that a secret is shown as
// Redacted: a token put in a log line, an error or a test's failure message
// with %v, %+v or %#v never carries its secret bytes. Other verbs print the
// fields without the secret.
func (t Token) Format(f fmt.State, verb rune) {
	type plain Token // the same fields, without this method
	p := plain(t)
	p.Secret = nil
	s := fmt.Sprintf(fmt.FormatString(f, verb), p)
	if len(t.Secret) > 0 {
		// Secret is the last field, so its empty rendering ends the text.
		for _, empty := range []string{"[]uint8(nil)}", "Secret:[]}", " []}"} {
			if strings.HasSuffix(s, empty) {
				cut := strings.LastIndex(empty, "[")
				s = s[:len(s)-len(empty)+cut] + Redacted + "}"
				break
			}
		}
	}
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, "token.plain{", "token.Token{", 1)
	}
	fmt.Fprint(f, s)
}

package vip_test

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// FuzzParseResponse: any answer gives a token or a clean error, never a
// panic, and a token only with a 20-byte secret and a credential ID.
func FuzzParseResponse(f *testing.F) {
	f.Add([]byte(vectorC))
	f.Add([]byte(vectorD))
	f.Add([]byte(strings.Replace(vectorC, "0000", "4E0D", 1)))
	f.Add([]byte("<GetSharedSecretResponse/>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		tok, _, err := vip.ParseResponse(body, 1412030064, "SYMC", time.Unix(1412030064, 0))
		if err != nil {
			if tok.Secret != nil {
				t.Fatal("secret with an error")
			}
			_ = inEnglish(err)
			return
		}
		if len(tok.Secret) != 20 || tok.VIP == nil || tok.VIP.CredentialID == "" {
			t.Fatalf("incomplete token %+v", tok)
		}
	})
}

// FuzzParseVipaccessFile: no panic, and no error message quotes a secret
// given on a secret line.
func FuzzParseVipaccessFile(f *testing.F) {
	f.Add(dotfile)
	f.Add("version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXD1\nid x\n")
	f.Add("counter 5\nversion 1\nid UBHE12345678\nsecret AAAAAAAA\n")
	f.Fuzz(func(t *testing.T, in string) {
		tok, err := vip.ParseVipaccessFile(strings.NewReader(in))
		if err != nil {
			lines := strings.Split(in, "\n")
			for i, line := range lines {
				v, ok := strings.CutPrefix(strings.TrimSpace(line), "secret ")
				v = strings.TrimSpace(v)
				if !ok || len(v) < 8 || !strings.Contains(inEnglish(err), v) {
					continue
				}
				// Quoting the same text from another line is no leak.
				other := strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
				if !strings.Contains(other, v) {
					t.Fatalf("error %q quotes the secret", err)
				}
			}
			return
		}
		if len(tok.Secret) == 0 || tok.VIP == nil || tok.VIP.CredentialID == "" {
			t.Fatalf("incomplete token %+v", tok)
		}
		if err := tok.Validate(); err != nil {
			t.Fatal(err)
		}
		_ = token.EncodeSecret(tok.Secret)
	})
}

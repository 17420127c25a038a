package transfer

import (
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
)

// TestVIPRecognisedInEveryFormat: a VIP credential kept by another app as a
// plain TOTP token, with its credential ID in the account or the issuer,
// comes in as a VIP token with that ID, whatever the format.
func TestVIPRecognisedInEveryFormat(t *testing.T) {
	secret := []byte("12345678901234567890")
	toks := []token.Token{
		{Issuer: "Symantec", Account: "VIP Access:SYDC12345678", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: secret},
		{Issuer: "VSMT87654321", Account: "me", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: secret},
		{Issuer: "Bank", Account: "alice", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: secret},
	}
	want := []string{"SYDC12345678", "VSMT87654321", ""}
	inputs := map[string][]byte{
		"uri":       fixtureURIList(toks),
		"migration": []byte(strings.Join(fixtureMigration(toks, 1, 0, 7, true), "\n")),
		"aegis":     fixtureAegis(toks, ""),
		"2fas":      fixtureTwoFAS(toks, 4, ""),
		"andotp":    fixtureAndOTP(toks, false),
	}
	for name, data := range inputs {
		res, err := Decode(data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Tokens) != len(toks) {
			t.Fatalf("%s: %d tokens, want %d", name, len(res.Tokens), len(toks))
		}
		for i, tok := range res.Tokens {
			got := ""
			if tok.VIP != nil {
				got = tok.VIP.CredentialID
			}
			if got != want[i] {
				t.Errorf("%s: token %d (%s): credential ID %q, want %q", name, i, tok.Name, got, want[i])
			}
		}
	}
}

package token

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func TestFormatRedactsSecret(t *testing.T) {
	secret := []byte("12345678901234567890")
	tok := Token{ID: "0123abcd", Name: "Bank", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: secret}
	// Every way the secret bytes could show up in fmt's output.
	forms := []string{string(secret), fmt.Sprint(secret), fmt.Sprintf("%#v", secret), hex.EncodeToString(secret),
		strings.ToUpper(hex.EncodeToString(secret)), EncodeSecret(secret), fmt.Sprintf("%q", secret)}
	tests := []struct {
		format string
		arg    any
		want   string // a part the output must hold ("" for none)
	}{
		{"%v", tok, "{0123abcd Bank   totp SHA1 6 30 0 <nil> 0001-01-01 00:00:00 +0000 UTC <nil>  " + Redacted + "}"},
		{"%+v", tok, "Name:Bank"},
		{"%+v", tok, "Secret:" + Redacted + "}"},
		{"%#v", tok, `token.Token{ID:"0123abcd", Name:"Bank"`},
		{"%#v", tok, "Secret:" + Redacted + "}"},
		{"%v", &tok, "Bank"},
		{"%+v", []Token{tok, tok}, "Secret:" + Redacted + "}"},
		{"%+v", struct{ T Token }{tok}, "Secret:" + Redacted + "}"},
		{"%+v", Data{Tokens: []Token{tok}}, "Secret:" + Redacted + "}"},
		{"%s", tok, "Bank"},
		{"%q", tok, `"Bank"`},
		{"%x", tok, hex.EncodeToString([]byte("Bank"))},
		{"%X", tok, ""},
		{"%d", tok, ""},
		{"%10.3v", tok, ""},
	}
	for _, tt := range tests {
		got := fmt.Sprintf(tt.format, tt.arg)
		for _, form := range forms {
			if strings.Contains(got, form) {
				t.Errorf("Sprintf(%q, %T) prints the secret (%d bytes of output)", tt.format, tt.arg, len(got))
			}
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("Sprintf(%q, %T) lacks %q", tt.format, tt.arg, tt.want)
		}
	}
	if tok.Secret == nil || string(tok.Secret) != string(secret) {
		t.Error("formatting changed the token's secret")
	}
}

func TestFormatWithoutSecret(t *testing.T) {
	tok := Token{Name: "Bank"}
	tests := []struct{ format, want string }{
		{"%+v", "Secret:[]}"},
		{"%#v", "Secret:[]uint8(nil)}"},
		{"%v", " []}"},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf(tt.format, tok); !strings.HasSuffix(got, tt.want) || strings.Contains(got, Redacted) {
			t.Errorf("Sprintf(%q) of a token without a secret = %s, want it to end in %s", tt.format, got, tt.want)
		}
	}
}

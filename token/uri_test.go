package token

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

const secretB32 = "JBSWY3DPEHPK3PXP" // "Hello!\xde\xad\xbe\xef", a common documentation secret

func TestParseURI(t *testing.T) {
	hello := []byte("Hello!\xde\xad\xbe\xef")
	tests := []struct {
		uri  string
		want Token
	}{
		{"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
			Token{Name: "Example (alice@google.com)", Issuer: "Example", Account: "alice@google.com", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		{"otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
			Token{Name: "ACME Co (john.doe@email.com)", Issuer: "ACME Co", Account: "john.doe@email.com", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30,
				Secret: mustSecret(t, "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ")}},
		// Issuer only in the label; spaces as '+' (WinAuth) and as %20.
		{"otpauth://totp/Big+Bank:me?secret=jbswy3dpehpk3pxp",
			Token{Name: "Big Bank (me)", Issuer: "Big Bank", Account: "me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// A plus escaped as %2B stays a plus.
		{"otpauth://totp/Shop:a%2Bb@x.org?secret=JBSWY3DPEHPK3PXP&issuer=Shop",
			Token{Name: "Shop (a+b@x.org)", Issuer: "Shop", Account: "a+b@x.org", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// No issuer at all; padding, lower case and spaces in the secret.
		{"otpauth://totp/alice?secret=jbsw%20y3dp%20ehpk%203pxp====",
			Token{Name: "alice", Account: "alice", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		{"otpauth://hotp/Corp:bob?secret=JBSWY3DPEHPK3PXP&counter=42&digits=8&algorithm=SHA256",
			Token{Name: "Corp (bob)", Issuer: "Corp", Account: "bob", Kind: HOTP, Algorithm: SHA256, Digits: 8, Counter: 42, Secret: hello}},
		{"OTPAUTH://TOTP/x?SECRET=JBSWY3DPEHPK3PXP&Algorithm=sha512&Period=60&Digits=7",
			Token{Name: "x", Account: "x", Kind: TOTP, Algorithm: SHA512, Digits: 7, Period: 60, Secret: hello}},
		{"otpauth://totp/Steam:gabe?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam",
			Token{Name: "Steam (gabe)", Issuer: "Steam", Account: "gabe", Kind: Steam, Algorithm: SHA1, Digits: 5, Period: 30, Secret: hello}},
		{"otpauth://steam/Steam:gabe?secret=JBSWY3DPEHPK3PXP&digits=5",
			Token{Name: "Steam (gabe)", Issuer: "Steam", Account: "gabe", Kind: Steam, Algorithm: SHA1, Digits: 5, Period: 30, Secret: hello}},
		// The issuer parameter wins over a different label prefix, which
		// stays in the account.
		{"otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXP&issuer=New",
			Token{Name: "New (Old:me)", Issuer: "New", Account: "Old:me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// An issuer holding a colon.
		{"otpauth://totp/A:B:me?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB",
			Token{Name: "A:B (me)", Issuer: "A:B", Account: "me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// Spaces around the colon, as some generators write.
		{"otpauth://totp/Acme%20:%20me?secret=JBSWY3DPEHPK3PXP&issuer=acme",
			Token{Name: "acme (me)", Issuer: "acme", Account: "me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// Unicode, raw and escaped.
		{"otpauth://totp/日本銀行:太郎?secret=JBSWY3DPEHPK3PXP",
			Token{Name: "日本銀行 (太郎)", Issuer: "日本銀行", Account: "太郎", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		{"otpauth://totp/%E6%97%A5%E6%9C%AC:%E5%A4%AA?issuer=%E6%97%A5%E6%9C%AC&secret=JBSWY3DPEHPK3PXP",
			Token{Name: "日本 (太)", Issuer: "日本", Account: "太", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// Empty issuer before the colon; issuer only.
		{"otpauth://totp/:me?secret=JBSWY3DPEHPK3PXP",
			Token{Name: "me", Account: "me", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		{"otpauth://totp/Solo:?secret=JBSWY3DPEHPK3PXP",
			Token{Name: "Solo", Issuer: "Solo", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
		// hotp ignores a period; counter defaults to 0.
		{"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&period=0",
			Token{Name: "x", Account: "x", Kind: HOTP, Algorithm: SHA1, Digits: 6, Secret: hello}},
		{"  otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n",
			Token{Name: "x", Account: "x", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: hello}},
	}
	for _, tt := range tests {
		t.Run(redact(tt.uri), func(t *testing.T) {
			got, err := ParseURI(tt.uri)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", describe(got), describe(tt.want))
			}
			checkRoundTrip(t, got)
		})
	}
}

var secretParam = regexp.MustCompile(`(?i)(secret=)[^&]*`)

// redact hides the secret of a URI that names a subtest, since -v prints
// the names.
func redact(uri string) string {
	if !strings.Contains(uri, "://") {
		return fmt.Sprintf("not a URI, %d bytes", len(uri)) // perhaps a bare secret
	}
	return secretParam.ReplaceAllString(uri, "${1}…")
}

// describe prints a token for a failure message without its secret.
func describe(t Token) string {
	hasSecret := len(t.Secret) > 0
	t.Secret = nil
	return fmt.Sprintf("%+v (secret set: %v)", t, hasSecret)
}

func mustSecret(t *testing.T, s string) []byte {
	t.Helper()
	b, err := ParseSecret(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkRoundTrip formats tok and parses it back, which must give tok again.
func checkRoundTrip(t testing.TB, tok Token) {
	t.Helper()
	u := tok.URI()
	if strings.ContainsAny(u, " \t\n") {
		t.Errorf("formatted URI has white space")
	}
	back, err := ParseURI(u)
	if err != nil {
		t.Fatalf("formatted URI does not parse: %v", err)
	}
	if !reflect.DeepEqual(back, tok) {
		t.Errorf("round trip changed the token:\n  %+v\n  %+v", describe(tok), describe(back))
	}
}

func TestURIRoundTripFromTokens(t *testing.T) {
	secrets := [][]byte{rfcSeed20, rfcSeed32, rfcSeed64, {0}, {0xff, 0xfe, 0xfd, 0xfc, 0xfb}, []byte("Hello!\xde\xad\xbe\xef")}
	names := [][2]string{
		{"Example", "alice@google.com"},
		{"Big Bank", "john smith"},
		{"Shop+", "a+b@x.org"},
		{"A:B", "me"},
		{"", "c:d"},
		{"", "plain"},
		{"Solo", ""},
		{"日本銀行", "山田 太郎"},
		{"Ünïcødé & Co.", "user?name#1/2%3"},
		{"100% Fun", "semi;colon,comma=eq&amp"},
		{"  Trim", "spaces  "}, // parsing trims; compare after one parse
	}
	kinds := []Token{
		{Kind: TOTP},
		{Kind: TOTP, Algorithm: SHA256, Digits: 8, Period: 60},
		{Kind: TOTP, Algorithm: SHA512, Digits: 7, Period: 1},
		{Kind: TOTP, Period: 3600},
		{Kind: HOTP},
		{Kind: HOTP, Counter: 1<<64 - 1, Digits: 8, Algorithm: SHA512},
		{Kind: Steam},
		{Kind: Steam, Period: 15, Algorithm: SHA256},
	}
	for _, sec := range secrets {
		for _, n := range names {
			for _, k := range kinds {
				tok := k
				tok.Issuer, tok.Account, tok.Secret = n[0], n[1], sec
				if err := tok.Normalize(); err != nil {
					t.Fatal(err)
				}
				parsed, err := ParseURI(tok.URI())
				if err != nil {
					t.Fatalf("%s: %v", describe(tok), err)
				}
				if strings.TrimSpace(n[0]) == n[0] && strings.TrimSpace(n[1]) == n[1] && !reflect.DeepEqual(parsed, tok) {
					t.Errorf("URI changed the token:\n  %s\n  %s", describe(tok), describe(parsed))
				}
				if !bytes.Equal(parsed.Secret, sec) {
					t.Errorf("%s: secret changed", describe(tok))
				}
				checkRoundTrip(t, parsed)
			}
		}
	}
}

func TestURIFormat(t *testing.T) {
	tests := []struct {
		tok  Token
		want string
	}{
		{Token{Kind: TOTP, Issuer: "Big Bank", Account: "a+b@x.org", Algorithm: SHA1, Digits: 6, Period: 30, Secret: []byte("foo")},
			"otpauth://totp/Big%20Bank:a%2Bb@x.org?issuer=Big%20Bank&secret=MZXW6"},
		{Token{Kind: HOTP, Account: "me", Algorithm: SHA256, Digits: 8, Counter: 7, Secret: []byte("foo")},
			"otpauth://hotp/me?algorithm=SHA256&counter=7&digits=8&secret=MZXW6"},
		{Token{Kind: Steam, Issuer: "Steam", Account: "gabe", Algorithm: SHA1, Digits: 5, Period: 30, Secret: []byte("foo")},
			"otpauth://totp/Steam:gabe?encoder=steam&issuer=Steam&secret=MZXW6"},
		{Token{Kind: TOTP, Account: "c:d", Algorithm: SHA1, Digits: 6, Period: 45, Secret: []byte("foo")},
			"otpauth://totp/:c:d?period=45&secret=MZXW6"},
	}
	for _, tt := range tests {
		if got := tt.tok.URI(); got != tt.want {
			t.Errorf("URI() = %s\n         want %s", got, tt.want)
		}
	}
}

func TestParseURIErrors(t *testing.T) {
	const s = "secret=" + secretB32
	tests := []struct{ uri, err string }{
		{"otpauth://totp/A:b?secret=JBSWY3D1", "bad secret in the URI: the secret is not valid base32 (letters A-Z and digits 2-7)"},
		{"otpauth://totp/A:b?secret=MZXW6A", "bad secret in the URI: the secret is not valid base32 (letters A-Z and digits 2-7)"},
		{"otpauth://totp/A:b?secret=%3D%3D", "bad secret in the URI: the secret is empty"},
		{"otpauth://totp/A:b?" + s + "&digits=12", "bad digits=12 in the URI: digits must be 6, 7 or 8 (5 for Steam)"},
		{"otpauth://totp/A:b?" + s + "&digits=5", "bad digits=5 in the URI: digits must be 6, 7 or 8 (5 for Steam)"},
		{"otpauth://totp/A:b?" + s + "&digits=six", "bad digits=six in the URI: digits must be 6, 7 or 8 (5 for Steam)"},
		{"otpauth://steam/A:b?" + s + "&digits=6", "bad digits=6 in the URI: digits must be 6, 7 or 8 (5 for Steam)"},
		{"otpauth://totp/A:b?" + s + "&encoder=steam&digits=6", "bad digits=6 in the URI: digits must be 6, 7 or 8 (5 for Steam)"},
		{"otpauth://totp/A:b?" + s + "&period=0", "bad period=0 in the URI: the period must be a whole number of seconds from 1 to 3600"},
		{"otpauth://totp/A:b?" + s + "&period=-30", "bad period=-30 in the URI: the period must be a whole number of seconds from 1 to 3600"},
		{"otpauth://totp/A:b?" + s + "&period=3601", "bad period=3601 in the URI: the period must be a whole number of seconds from 1 to 3600"},
		{"otpauth://totp/A:b?" + s + "&period=30.5", "bad period=30.5 in the URI: the period must be a whole number of seconds from 1 to 3600"},
		{"otpauth://totp/A:b?" + s + "&algorithm=MD5", "bad algorithm=MD5 in the URI: use SHA1, SHA256 or SHA512"},
		{"otpauth://totp/A:b?" + s + "&algorithm=", "bad algorithm= in the URI: use SHA1, SHA256 or SHA512"},
		{"otpauth://totp/A:b?issuer=A", "the URI has no secret= parameter"},
		{"otpauth://totp/A:b?secret=", "the URI has no secret= parameter"},
		{"https://example.com/totp/A:b?" + s, `wrong scheme "https": an otpauth URI starts with otpauth://`},
		{"JBSWY3DPEHPK3PXP", `wrong scheme "": an otpauth URI starts with otpauth://`},
		{"", `wrong scheme "": an otpauth URI starts with otpauth://`},
		{"otpauth-migration://offline?data=CjEKCkhlbGxv", `wrong scheme "otpauth-migration": an otpauth URI starts with otpauth://`},
		{"otpauth://motp/A:b?" + s, `unknown OTP type "motp" in the URI (use totp, hotp or steam)`},
		{"otpauth:///A:b?" + s, `unknown OTP type "" in the URI (use totp, hotp or steam)`},
		{"otpauth://totp:443/A:b?" + s, `unknown OTP type "totp:443" in the URI (use totp, hotp or steam)`},
		{"otpauth://totp?" + s, "the URI has no label (otpauth://totp/Issuer:account?...)"},
		{"otpauth://totp/?" + s, "the URI has no label (otpauth://totp/Issuer:account?...)"},
		{"otpauth://totp/%20:%20?" + s, "the URI has no label (otpauth://totp/Issuer:account?...)"},
		{"otpauth://totp/A:b?" + s + "&counter=3", "counter= belongs to hotp URIs, not totp"},
		{"otpauth://hotp/A:b?" + s + "&counter=-1", "bad counter=-1 in the URI: the counter must be a whole number 0 or more"},
		{"otpauth://hotp/A:b?" + s + "&counter=18446744073709551616", "bad counter=18446744073709551616 in the URI: the counter must be a whole number 0 or more"},
		{"otpauth://hotp/A:b?" + s + "&counter=x", "bad counter=x in the URI: the counter must be a whole number 0 or more"},
		{"otpauth://totp/A%zz:b?" + s, "bad label in the URI"},
		{"otpauth://totp/A:b?" + s + "&issuer=%zz", "bad issuer in the URI"},
		{"otpauth://totp/A:b?Secret=JBSW%Y3DP", "bad secret in the URI"},
		{"otpauth://totp/A:b?" + s + "&%zz=1", "not a valid otpauth URI"},
		{"otpauth://to%zztp/A:b?" + s, "not a valid otpauth URI"},
		{"otpauth://[::1/A:b?" + s, "not a valid otpauth URI"},
		{"otpauth://totp/A:b?" + s + ";x=1", "not a valid otpauth URI"},
		{"otpauth://totp/A\x7f:b?" + s, "bad label in the URI"},
		{"otpauth://totp/A:b?" + s + "&issuer=\x00", "not a valid otpauth URI"},
		{"otpauth://totp/%FF:b?" + s, "bad label in the URI"},
		{"otpauth://totp/A:b?" + s + "&issuer=%FF", "bad issuer in the URI"},
	}
	for _, tt := range tests {
		t.Run(redact(tt.uri), func(t *testing.T) {
			_, err := ParseURI(tt.uri)
			if err == nil {
				t.Fatalf("accepted; want %q", tt.err)
			}
			if inEnglish(err) != tt.err {
				t.Errorf("error %q\n      want %q", err, tt.err)
			}
			var te *msg.Error
			if !errors.As(err, &te) {
				t.Errorf("error is %T, not a translatable *msg.Error", err)
			}
			if strings.Contains(inEnglish(err), secretB32) {
				t.Error("the error text holds the secret")
			}
		})
	}
}

// The same URI must always give the same token, even when a parameter is
// repeated with different case (the query is a map).
func TestParseURIRepeatedParameters(t *testing.T) {
	u := "otpauth://totp/x?SECRET=MZXW6&Secret=GEZDGNBVGY3TQOJQ&secret=" + secretB32 + "&DIGITS=8&Digits=7"
	for range 50 {
		tok, err := ParseURI(u)
		if err != nil {
			t.Fatal(err)
		}
		if string(tok.Secret) != "Hello!\xde\xad\xbe\xef" || tok.Digits != 8 {
			t.Fatalf("repeated parameters read differently: digits %d", tok.Digits)
		}
	}
}

// uriSeeds start the fuzzer on each branch of the parser.
var uriSeeds = []string{
	"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
	"otpauth://hotp/Corp:bob?secret=JBSWY3DPEHPK3PXP&counter=42&digits=8&algorithm=SHA256",
	"otpauth://totp/Steam:gabe?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam",
	"otpauth://steam/x?secret=jbsw%20y3dp====&period=15",
	"otpauth://totp/A:B:me?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB",
	"otpauth://totp/:c:d?secret=MZXW6&period=45",
	"otpauth://totp/Big+Bank:a%2Bb?secret=MZXW6&issuer=Big%20Bank",
	"otpauth://totp/日本銀行:太郎?secret=JBSWY3DPEHPK3PXP&algorithm=sha512&digits=7",
	"OTPAUTH://TOTP/x?SECRET=MZXW6&Secret=GEZDGNBVGY3TQOJQ",
	"otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXP&issuer=New",
	"otpauth://totp/%FF?secret=MZXW6",
	"otpauth://totp/a?secret=MZXW6&counter=1",
	"otpauth://hotp/a?secret=MZXW6&counter=18446744073709551615",
	"otpauth://totp?secret=MZXW6",
	"https://x/y",
	"",
}

func FuzzParseURI(f *testing.F) {
	for _, s := range uriSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := ParseURI(s)
		if err != nil {
			var te *msg.Error
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not a *msg.Error", err)
			}
			return
		}
		if err := tok.Validate(); err != nil {
			t.Fatalf("parsed token does not validate: %v", err)
		}
		if _, err := tok.WindowAt(time.Unix(1700000000, 0), 0); err != nil {
			t.Fatalf("parsed token makes no code: %v", err)
		}
		checkRoundTrip(t, tok)
	})
}

// A token added from a bare secret has neither issuer nor account: its URI
// carries the name so that it parses back.
func TestURINameOnly(t *testing.T) {
	tok := Token{Name: "Bank", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: []byte("12345678901234567890")}
	got, err := ParseURI(tok.URI())
	if err != nil {
		t.Fatalf("URI of a name-only token does not parse: %v", err)
	}
	if got.Account != "Bank" || got.Name != "Bank" || !bytes.Equal(got.Secret, tok.Secret) {
		t.Errorf("round trip: account %q name %q", got.Account, got.Name)
	}
}

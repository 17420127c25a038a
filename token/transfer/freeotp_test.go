package transfer

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

func TestDecodeFreeOTPFixtures(t *testing.T) {
	ref := reference()
	tests := []struct {
		file     string
		format   Format
		password string
		want     []token.Token
		skipped  []string
	}{
		{"freeotpplus.json", FormatFreeOTPPlus, "", freeOTPPlusWant(), []string{"Odd (x): the algorithm SHA224 is not supported (only SHA1, SHA256, SHA512)"}},
		{"freeotp-backup.xml", FormatFreeOTP, fixturePassword, freeOTPWant(), []string{
			"Odd (x): the algorithm SHA224 is not supported (only SHA1, SHA256, SHA512)",
			"6f9b5c1e-0000-4000-8000-000000000008: the backup has the key of this token but not its settings"}},
		{"freeotp-legacy.xml", FormatFreeOTP, "", freeOTPWant(), nil},
		{"authpro-plain.authpro", FormatAuthPro, "", ref, authProSkipped},
		{"authext-plain.json", FormatAuthExt, "", ref, nil},
		{"authext-encrypted.json", FormatAuthExt, fixturePassword, ref, nil},
		{"authpro-encrypted.authpro", FormatAuthPro, fixturePassword, ref, authProSkipped},
		{"authpro-encrypted-txtar.bin", FormatAuthPro, fixturePassword, ref, authProSkipped},
		{"authpro-legacy.authpro", FormatAuthPro, fixturePassword, ref, authProSkipped},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			data := readFixture(t, tt.file)
			if got := Detect(data); got != tt.format {
				t.Errorf("Detect = %q, want %q", got, tt.format)
			}
			asked := 0
			res, err := Decode(data, Options{Password: func() ([]byte, error) { asked++; return []byte(tt.password), nil }})
			if err != nil {
				t.Fatal(err)
			}
			if want := btoi(tt.password != ""); asked != want {
				t.Errorf("password asked %d times, want %d", asked, want)
			}
			if res.Format != tt.format {
				t.Errorf("format %q, want %q", res.Format, tt.format)
			}
			checkTokens(t, res.Tokens, tt.want)
			if s := skippedTexts(res); !slices.Equal(s, tt.skipped) {
				t.Errorf("skipped:\n got %q\nwant %q", s, tt.skipped)
			}
		})
	}
}

// TestDetectAllFixtures: every fixture, old formats and new, is recognised
// as its own format and no other.
func TestDetectAllFixtures(t *testing.T) {
	want := map[string]Format{
		"reference.uri.txt":           FormatURI,
		"reference.google.txt":        FormatMigration,
		"google-multibatch.txt":       FormatMigration,
		"aegis-plain.json":            FormatAegis,
		"aegis-encrypted.json":        FormatAegis,
		"2fas-plain.2fas":             FormatTwoFAS,
		"2fas-encrypted.2fas":         FormatTwoFAS,
		"2fas-schema1.2fas":           FormatTwoFAS,
		"2fas-schema5.2fas":           FormatTwoFAS,
		"andotp-plain.json":           FormatAndOTP,
		"andotp-old.json":             FormatAndOTP,
		"andotp-encrypted.json.aes":   FormatAndOTP,
		"qr-two.png":                  FormatQR,
		"qr-two.jpg":                  FormatQR,
		"qr-none.png":                 FormatQR,
		"freeotpplus.json":            FormatFreeOTPPlus,
		"authpro-plain.authpro":       FormatAuthPro,
		"authpro-encrypted.authpro":   FormatAuthPro,
		"authpro-encrypted-txtar.bin": FormatAuthPro,
		"authpro-legacy.authpro":      FormatAuthPro,
		"freeotp-backup.xml":          FormatFreeOTP,
		"freeotp-legacy.xml":          FormatFreeOTP,
		"authext-plain.json":          FormatAuthExt,
		"authext-encrypted.json":      FormatAuthExt,
	}
	for name, f := range want {
		if got := Detect(readFixture(t, name)); got != f {
			t.Errorf("%s: Detect = %q, want %q", name, got, f)
		}
	}
}

// TestFreeOTPFileLevelErrors: wrong password, truncated and garbage input
// refuse the whole file with a clear, translatable reason.
func TestFreeOTPFileLevelErrors(t *testing.T) {
	plus := readFixture(t, "freeotpplus.json")
	apEnc := readFixture(t, "authpro-encrypted.authpro")
	apOld := readFixture(t, "authpro-legacy.authpro")
	apPlain := readFixture(t, "authpro-plain.authpro")
	fo := readFixture(t, "freeotp-backup.xml")
	ae := readFixture(t, "authext-encrypted.json")
	tests := []struct {
		name     string
		data     []byte
		format   Format
		password string
		want     string // exact, or a prefix ending in "…"
	}{
		{"freeotp+ truncated", plus[:len(plus)/2], "", "", "the file is not a valid FreeOTP+ backup (broken JSON)…"},
		{"freeotp+ no tokens", []byte(`{"tokenOrder":[]}`), "", "", "the file has no tokens list: not a FreeOTP+ backup"},
		{"freeotp+ bad secret type", []byte(`{"tokens":[{"secret":"JBSWY3DP","issuerExt":"A","label":"b"}],"tokenOrder":["A:b"]}`), "", "", "the file is not a valid FreeOTP+ backup (broken JSON)…"},
		{"freeotp+ forced on garbage", []byte("\x00\x01garbage"), FormatFreeOTPPlus, "", "the file is not a valid FreeOTP+ backup (broken JSON)…"},
		{"freeotp wrong password", fo, "", "nottest", "wrong password, or the FreeOTP backup is damaged; nothing was imported"},
		{"freeotp truncated", fo[:len(fo)/2], "", "test", "the file is not a valid FreeOTP backup (broken XML)…"},
		{"freeotp huge iterations", []byte(strings.Replace(string(fo), "&quot;mIterations&quot;:100000", "&quot;mIterations&quot;:2000000000", 1)), "", "test",
			"the FreeOTP backup asks for 2000000000 key iterations (at most 5000000 are accepted): it is damaged or not a FreeOTP file"},
		{"freeotp unknown kdf", []byte(strings.Replace(string(fo), "PBKDF2withHmacSHA512", "scrypt", 1)), "", "test", `the FreeOTP backup uses the key derivation "scrypt", which otptray does not know`},
		{"freeotp damaged master key", []byte(strings.Replace(string(fo), "&quot;mSalt&quot;:[", "&quot;mSalt&quot;:[1,", 1)), "", "test", "the master key of the FreeOTP backup is damaged"},
		{"freeotp no master key", []byte(`<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="x">y</string></map>`), FormatFreeOTP, "", "the FreeOTP backup has no masterKey: it holds no tokens"},
		{"freeotp forced on garbage", []byte("\x00\x01garbage"), FormatFreeOTP, "", "the file is not a valid FreeOTP backup (broken XML)…"},
		{"authext wrong password", ae, "", "nottest", "wrong password (or the backup of the Authenticator extension is damaged); nothing was imported"},
		{"authext truncated", ae[:len(ae)/2], "", "test", "the file is not a valid backup of the Authenticator extension (broken JSON)…"},
		{"authext old key", []byte(`{"key":{"enc":"U2FsdGVkX1+AAAAAAAAAAA==","hash":"x"},"h1":{"secret":"U2FsdGVkX1+AAAAAAAAAAA==","encrypted":true,"type":"totp"}}`), "", "test",
			"this encrypted backup comes from an older version of the Authenticator extension…"},
		{"authext forced on garbage", []byte("\x00\x01garbage"), FormatAuthExt, "", "the file is not a valid backup of the Authenticator extension (broken JSON)…"},
		{"authpro wrong password", apEnc, "", "nottest", "wrong password, or the encrypted Authenticator Pro backup is damaged; nothing was imported"},
		{"authpro legacy wrong password", apOld, "", "nottest", "wrong password, or the encrypted Authenticator Pro backup is damaged; nothing was imported"},
		{"authpro truncated", apEnc[:len(apEnc)-1], "", "test", "wrong password, or the encrypted Authenticator Pro backup is damaged; nothing was imported"},
		{"authpro header only", apEnc[:40], "", "test", "the encrypted Authenticator Pro backup is cut off"},
		{"authpro legacy cut inside a block", apOld[:len(apOld)-3], "", "test", "the encrypted Authenticator Pro backup is cut off"},
		{"authpro plain truncated", apPlain[:200], "", "", "the file is not a valid Authenticator Pro backup (broken JSON)…"},
		{"authpro no list", []byte(`{"Categories":[]}`), FormatAuthPro, "", "the file has no Authenticators list: not an Authenticator Pro backup"},
		{"authpro forced on garbage", []byte("\x00\x01garbage"), FormatAuthPro, "", "the file is not a valid Authenticator Pro backup (broken JSON)…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Decode(tt.data, Options{Format: tt.format, Password: password(tt.password)})
			if err == nil {
				t.Fatalf("no error; %d tokens", len(res.Tokens))
			}
			if res != nil {
				t.Errorf("a result came with the error")
			}
			var te *msg.Error
			if !errors.As(err, &te) {
				t.Errorf("error %T is not a *msg.Error", err)
			}
			got := inEnglish(err)
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok {
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("error %q\nwant prefix %q", got, prefix)
				}
			} else if got != tt.want {
				t.Errorf("error %q\n      want %q", got, tt.want)
			}
		})
	}
}

// TestFreeOTPNeedsPassword: encrypted files say a password is needed; plain
// ones never ask.
func TestFreeOTPNeedsPassword(t *testing.T) {
	for _, f := range []string{"authpro-encrypted.authpro", "authpro-legacy.authpro", "freeotp-backup.xml", "authext-encrypted.json"} {
		if _, err := Decode(readFixture(t, f), Options{}); err == nil || inEnglish(err) != "the file is encrypted: a password is needed" {
			t.Errorf("%s: %v", f, err)
		}
	}
	ask := func() ([]byte, error) { t.Error("password asked for a plain file"); return nil, nil }
	for _, f := range []string{"freeotpplus.json", "authpro-plain.authpro", "freeotp-legacy.xml", "authext-plain.json"} {
		if _, err := Decode(readFixture(t, f), Options{Password: ask}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestFreeOTPEntryProblems: a bad entry is skipped with its reason, the
// others imported.
func TestFreeOTPEntryProblems(t *testing.T) {
	goodPlus := `{"secret":[1,2,3,4,5,6,7,8,9,10],"issuerExt":"Good","label":"ok","type":"TOTP"}`
	goodAP := `{"Type":2,"Issuer":"Good","Username":"ok","Secret":"JBSWY3DPEHPK3PXP","Algorithm":0,"Digits":6,"Period":30}`
	tests := []struct {
		name string
		data string
		want string
	}{
		{"freeotp+ byte out of range", `{"tokens":[` + goodPlus + `,{"secret":[1,999],"issuerExt":"Bad","label":"a","type":"TOTP"}]}`, "Bad (a): the secret is not a list of bytes"},
		{"freeotp+ empty secret", `{"tokens":[` + goodPlus + `,{"secret":[],"issuerExt":"Bad","label":"a","type":"HOTP"}]}`, "Bad (a): the token has no secret"},
		{"freeotp+ unknown type", `{"tokens":[` + goodPlus + `,{"secret":[1,2],"issuerExt":"Bad","label":"a","type":"YAOTP"}]}`, "Bad (a): yaotp tokens are not supported"},
		{"authpro unknown type", `{"Authenticators":[` + goodAP + `,{"Type":9,"Issuer":"Bad","Username":"a","Secret":"JBSWY3DPEHPK3PXP"}]}`, "Bad (a): unknown token type 9"},
		{"authpro unknown algorithm", `{"Authenticators":[` + goodAP + `,{"Type":2,"Issuer":"Bad","Username":"a","Secret":"JBSWY3DPEHPK3PXP","Algorithm":7,"Digits":6}]}`, "Bad (a): the algorithm 7 is not supported (only SHA1, SHA256, SHA512)"},
		{"authpro bad secret", `{"Authenticators":[` + goodAP + `,{"Type":1,"Issuer":"Bad","Username":"a","Secret":"1111","Digits":6}]}`, "Bad (a): the secret is not valid base32 (letters A-Z and digits 2-7)"},
		{"authpro 10 digits", `{"Authenticators":[` + goodAP + `,{"Type":2,"Issuer":"Bad","Username":"a","Secret":"JBSWY3DPEHPK3PXP","Digits":10,"Period":30}]}`, "Bad (a): digits must be between 6 and 8 (5 for Steam), not 10"},
	}
	for _, tt := range tests {
		res, err := Decode([]byte(tt.data), Options{})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(res.Tokens) != 1 || res.Tokens[0].Issuer != "Good" {
			t.Errorf("%s: %d tokens", tt.name, len(res.Tokens))
		}
		if got := skippedTexts(res); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%s: skipped %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestFreeOTPParseFormat: the --format names and aliases.
func TestFreeOTPParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"freeotpplus": FormatFreeOTPPlus, "FreeOTP+": FormatFreeOTPPlus, "authpro": FormatAuthPro, "stratum": FormatAuthPro, "AuthenticatorPro": FormatAuthPro, "freeotp": FormatFreeOTP, "authext": FormatAuthExt, "authenticator.cc": FormatAuthExt} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestAuthExtKinds: the extension's older per-secret encryption (under the
// password itself), its hex and Battle.net types, and a bad hex secret.
func TestAuthExtKinds(t *testing.T) {
	ref := reference()
	sealed := cryptoJSSeal([]byte(token.EncodeSecret(ref[0].Secret)), "test", fixedBytes(8, 70))
	data := mustJSON(map[string]any{
		"h1":           map[string]any{"secret": sealed, "encrypted": true, "issuer": "Deno", "account": "Mason", "type": "totp", "index": 0},
		"h2":           map[string]any{"secret": hex.EncodeToString(ref[3].Secret), "encrypted": false, "issuer": "Issuu", "account": "James", "type": "hhex", "counter": 1, "index": 1},
		"h3":           map[string]any{"secret": token.EncodeSecret(ref[1].Secret), "encrypted": false, "issuer": "Blizzard", "account": "me", "type": "battle", "index": 2},
		"h4":           map[string]any{"secret": "zz", "encrypted": false, "issuer": "Bad", "account": "a", "type": "hex", "index": 3},
		"UserSettings": map[string]any{"theme": "dark"},
	})
	if got := Detect(data); got != FormatAuthExt {
		t.Fatalf("Detect = %q", got)
	}
	res, err := Decode(data, Options{Password: password("test")})
	if err != nil {
		t.Fatal(err)
	}
	battle := token.Token{Issuer: "Blizzard", Account: "me", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 8, Period: 30, Secret: ref[1].Secret}
	checkTokens(t, res.Tokens, []token.Token{ref[0], ref[3], battle})
	if got := skippedTexts(res); !slices.Equal(got, []string{"Bad (a): the secret is not valid hexadecimal"}) {
		t.Errorf("skipped %q", got)
	}
	if _, err := Decode(data, Options{Password: password("nottest")}); err == nil || !strings.HasPrefix(inEnglish(err), "wrong password") {
		t.Errorf("wrong password: %v", err)
	}
}

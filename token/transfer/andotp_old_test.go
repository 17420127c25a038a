package transfer

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/otptray/otptray/internal/msg"
)

func TestGenerateAndOTPOldFixture(t *testing.T) {
	if !*update {
		t.Skip("fixtures are committed; run with -update to rewrite them")
	}
	data := fixtureAndOTPOldEncrypted(fixtureAndOTP(reference(), false), fixturePassword, fixedBytes(12, 13))
	if err := os.WriteFile(filepath.Join("testdata", "andotp-old-encrypted.json.aes"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixtureAndOTPOldEncrypted encrypts as andOTP before 0.6.3: AES-256-GCM
// keyed by SHA-256 of the password, the file the IV then ciphertext‖tag.
func fixtureAndOTPOldEncrypted(plain []byte, pw string, iv []byte) []byte {
	key := sha256.Sum256([]byte(pw))
	return append(append([]byte(nil), iv...), testSeal(key[:], iv, plain)...)
}

func TestDecodeAndOTPOld(t *testing.T) {
	plain := fixtureAndOTP(reference(), false)
	fixture := readFixture(t, "andotp-old-encrypted.json.aes")
	// An IV whose first four bytes read as a plausible iteration count of
	// the current format: the old one is tried after that fails.
	lookalike := fixtureAndOTPOldEncrypted(plain, fixturePassword, append([]byte{0, 2, 0x22, 0xe0}, fixedBytes(8, 14)...))
	if !looksLikeAndOTPEncrypted(lookalike) {
		t.Fatal("the lookalike IV does not look like the current header")
	}
	for name, data := range map[string][]byte{"fixture": fixture, "iterations lookalike": lookalike} {
		if got := Detect(data); got != FormatAndOTP {
			t.Errorf("%s: Detect = %q", name, got)
		}
		asked := 0
		res, err := Decode(data, Options{Password: func() ([]byte, error) { asked++; return []byte(fixturePassword), nil }})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if asked != 1 {
			t.Errorf("%s: password asked %d times", name, asked)
		}
		checkTokens(t, res.Tokens, reference())
		if len(res.Skipped) != 1 {
			t.Errorf("%s: skipped %q", name, skippedTexts(res))
		}
	}
	// The current format still opens (its fixture), and neither takes a
	// wrong password or a cut file.
	for name, data := range map[string][]byte{"old": fixture, "current": readFixture(t, "andotp-encrypted.json.aes")} {
		for what, in := range map[string][]byte{"wrong password": data, "cut": data[:len(data)-5]} {
			pw := fixturePassword
			if what == "wrong password" {
				pw = "nottest"
			}
			res, err := Decode(in, Options{Format: FormatAndOTP, Password: password(pw)})
			var m *msg.Error
			if !errors.As(err, &m) || m.ID != "transfer.andotp.wrong_password" || res != nil {
				t.Errorf("%s, %s: %v", name, what, err)
			}
		}
	}
}

// The guess for the headerless old format takes ciphertext, not short
// garbage, text, or binaries with a structure of their own.
func TestLooksLikeAndOTPOld(t *testing.T) {
	if !looksLikeAndOTPOld(readFixture(t, "andotp-old-encrypted.json.aes")) {
		t.Error("the old fixture is not recognised")
	}
	not := map[string][]byte{
		"short garbage":  []byte("\x01\x02garbage\xff\xfe not any format"),
		"text":           bytes.Repeat([]byte("hello world "), 20),
		"zeros":          append([]byte{0xff}, make([]byte, 500)...),
		"repeated bytes": bytes.Repeat([]byte{0x00, 0xff, 0x10, 0x80}, 200),
	}
	for name, b := range not {
		if looksLikeAndOTPOld(b) {
			t.Errorf("%s taken for an old andOTP backup", name)
		}
	}
}

func FuzzAndOTPOld(f *testing.F) {
	fuzzFile(f, []string{"andotp-old-encrypted.json.aes"}, func(b []byte) (*Result, error) {
		Detect(b)
		return Decode(b, Options{Format: FormatAndOTP, Password: password(fixturePassword)})
	})
}

package vip_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// A python-vipaccess file as its README shows it, with vector C's secret.
const dotfile = "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid VSST12345678\nexpiry 2019-01-15T12:00:00.000Z\n"

func TestParseVipaccessFile(t *testing.T) {
	tok, err := vip.ParseVipaccessFile(strings.NewReader(dotfile))
	if err != nil {
		t.Fatal(err)
	}
	if token.EncodeSecret(tok.Secret) != "LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ" {
		t.Error("secret not read")
	}
	if tok.Kind != token.TOTP || tok.Period != 30 || tok.Digits != 6 || tok.Algorithm != token.SHA1 {
		t.Errorf("parameters %s %d %d %s", tok.Kind, tok.Period, tok.Digits, tok.Algorithm)
	}
	if tok.VIP == nil || tok.VIP.CredentialID != "VSST12345678" || tok.VIP.Model != "VSST" ||
		!tok.VIP.Expiry.Equal(time.Date(2019, 1, 15, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("VIP %+v", tok.VIP)
	}
	if tok.Name != "VIP Access" || tok.Issuer != "VIP Access" || tok.Account != "VSST12345678" {
		t.Errorf("names %q %q %q", tok.Name, tok.Issuer, tok.Account)
	}
	if got := code(t, tok, time.Unix(1234567890, 0)); got != "993465" {
		t.Errorf("code %s, want vector C's 993465", got)
	}
}

func TestParseVipaccessFileVariants(t *testing.T) {
	for name, in := range map[string]string{
		"CRLF":                  strings.ReplaceAll(dotfile, "\n", "\r\n"),
		"no final newline":      strings.TrimSuffix(dotfile, "\n"),
		"comments and blanks":   "# made by hand\n\n" + dotfile + "\n",
		"tabs":                  strings.ReplaceAll(dotfile, " ", "\t"),
		"lower-case secret":     strings.Replace(dotfile, "LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ", "ljywkrgzo5tv2iqsd434o5rwelybgxdj", 1),
		"BOM":                   "\ufeff" + dotfile,
		"no expiry":             strings.Replace(dotfile, "expiry 2019-01-15T12:00:00.000Z\n", "", 1),
		"keys in another order": "id VSST12345678\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nversion 1\n",
	} {
		t.Run(name, func(t *testing.T) {
			tok, err := vip.ParseVipaccessFile(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if tok.VIP.CredentialID != "VSST12345678" || token.EncodeSecret(tok.Secret) != "LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ" {
				t.Errorf("read %s", tok.VIP.CredentialID)
			}
		})
	}
}

func TestParseVipaccessFileErrors(t *testing.T) {
	secretLine := "secret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\n"
	tests := []struct {
		name, in, id, text string
	}{
		{"empty", "", "vipfile.missing", "the file has no version line"},
		{"no secret", "version 1\nid VSST12345678\n", "vipfile.missing", "no secret line"},
		{"no id", "version 1\n" + secretLine, "vipfile.missing", "no id line"},
		{"version 2", "version 2\n" + secretLine + "id VSST12345678\n", "vipfile.version", "line 1: version \"2\""},
		{"bad secret", "version 1\nid VSST12345678\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXD1\n", "vipfile.secret", "line 3: the secret is not valid base32"},
		{"bad id", "version 1\n" + secretLine + "id 12\n", "vipfile.id", "line 3: \"12\""},
		{"bad expiry", "version 1\n" + secretLine + "id VSST12345678\n\nexpiry next year\n", "vipfile.expiry", "line 5: cannot read the expiry date \"next year\""},
		{"key alone", "version 1\n" + secretLine + "id\n", "vipfile.syntax", "line 3: expected a key and a value"},
		{"duplicate", "version 1\n" + secretLine + "id VSST12345678\nsecret AAAAAAAAAAAAAAAA\n", "vipfile.duplicate", "line 4: secret was already given on line 2"},
		{"unknown key", "version 1\n" + secretLine + "id VSST12345678\nsecert X\n", "vipfile.unknown_key", "line 4: unknown key \"secert\""},
		{"bad counter", "version 1\n" + secretLine + "id UBHE12345678\ncounter -1\n", "vipfile.counter", "line 4: the counter \"-1\""},
		{"a JSON file", "{\"secret\": \"LJYW\"}\n", "vipfile.unknown_key", "line 1"},
		{"a secret alone", "version 1\nLJYWKRGZO5TV2IQSD434O5RWELYBGXDJ x\n", "vipfile.syntax", "line 2: expected a key and a value"},
		{"too large", strings.Repeat("# padding\n", 7000), "vipfile.too_large", "larger than 65536 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := vip.ParseVipaccessFile(strings.NewReader(tt.in))
			if errID(err) != tt.id || !strings.Contains(inEnglish(err), tt.text) {
				t.Fatalf("err = %v (%s), want %s with %q", err, errID(err), tt.id, tt.text)
			}
			if strings.Contains(inEnglish(err), "LJYW") {
				t.Error("the error quotes the secret")
			}
			if tok.Secret != nil {
				t.Error("a token came back with the error")
			}
		})
	}
}

func TestVipaccessFileRoundTrip(t *testing.T) {
	orig, err := vip.ParseVipaccessFile(strings.NewReader(dotfile))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := vip.WriteVipaccessFile(&b, orig); err != nil {
		t.Fatal(err)
	}
	if b.String() != dotfile {
		t.Errorf("written:\n%s\nwant:\n%s", b.String(), dotfile)
	}
	// HOTP credentials keep their counter (an otptray addition).
	d, _, err := vip.ParseResponse([]byte(vectorD), 1500000000, "UBHE", time.Unix(1500000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	d.Counter = 7
	b.Reset()
	if err := vip.WriteVipaccessFile(&b, d); err != nil {
		t.Fatal(err)
	}
	back, err := vip.ParseVipaccessFile(&b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Kind != token.HOTP || back.Counter != 7 || !bytes.Equal(back.Secret, d.Secret) || back.VIP.CredentialID != "UBHE57586348" {
		t.Errorf("HOTP round trip: %s %d %s", back.Kind, back.Counter, back.VIP.CredentialID)
	}
}

func TestWriteVipaccessFileRefuses(t *testing.T) {
	plain := token.Token{Name: "Mail", Kind: token.TOTP, Secret: []byte("12345678901234567890")}
	if err := vip.WriteVipaccessFile(&bytes.Buffer{}, plain); errID(err) != "vipfile.not_vip" {
		t.Errorf("non-VIP token: %v", err)
	}
	odd := plain
	odd.VIP = &token.VIP{CredentialID: "SYDC12345678"}
	odd.Digits = 8
	if err := vip.WriteVipaccessFile(&bytes.Buffer{}, odd); errID(err) != "vipfile.unsupported" {
		t.Errorf("8-digit token: %v", err)
	}
	noSecret := odd
	noSecret.Digits, noSecret.Secret = 6, nil
	if err := vip.WriteVipaccessFile(&bytes.Buffer{}, noSecret); errID(err) != "token.no_secret" {
		t.Errorf("no secret: %v", err)
	}
}

func TestCreateVipaccessFile(t *testing.T) {
	tok, err := vip.ParseVipaccessFile(strings.NewReader(dotfile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "vipaccess")
	if err := vip.CreateVipaccessFile(path, tok); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != dotfile {
		t.Fatalf("file %q, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
	}
	// Never overwrite: the old content stays.
	if err := os.WriteFile(path, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = vip.CreateVipaccessFile(path, tok)
	if errID(err) != "vipfile.exists" {
		t.Fatalf("second write: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "keep me\n" {
		t.Error("existing file changed")
	}
	// A failed write leaves no half file behind.
	bad := filepath.Join(dir, "bad")
	if err := vip.CreateVipaccessFile(bad, token.Token{Name: "x", Secret: []byte("s")}); err == nil {
		t.Fatal("non-VIP token written")
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Error("a failed export left a file")
	}
	if err := vip.CreateVipaccessFile(filepath.Join(dir, "missing", "x"), tok); errID(err) != "vipfile.create" {
		t.Errorf("missing folder: %v", err)
	}
}

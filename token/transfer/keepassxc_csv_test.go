package transfer

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

func TestGenerateKeePassXCCSVFixture(t *testing.T) {
	if !*update {
		t.Skip("fixtures are committed; run with -update to rewrite them")
	}
	if err := os.WriteFile(filepath.Join("testdata", "keepassxc.csv"), fixtureKeePassXCCSV(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keepassxcCSVTokens are the reference tokens KeePassXC can hold: TOTP and
// Steam (it has no HOTP).
func keepassxcCSVTokens() []token.Token {
	var out []token.Token
	for _, t := range reference() {
		if t.Kind != token.HOTP {
			out = append(out, t)
		}
	}
	return out
}

// fixtureKeePassXCCSV writes the export as KeePassXC 2.7 does: every field
// quoted, quotes doubled, the TOTP column an otpauth URI with the title as
// issuer (Steam as encoder=steam), empty for a password-only entry.
func fixtureKeePassXCCSV() []byte {
	q := func(fields ...string) string {
		for i, f := range fields {
			fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		return strings.Join(fields, ",") + "\n"
	}
	var b strings.Builder
	b.WriteString(q("Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"))
	for _, t := range keepassxcCSVTokens() {
		// KeePassXC 2.7.4 writes digits=6 beside encoder=steam.
		digits := t.Digits
		if t.Kind == token.Steam {
			digits = 6
		}
		uri := fmt.Sprintf("otpauth://totp/%s?secret=%s&period=%d&digits=%d&issuer=%s", url.PathEscape(t.Issuer+":"+t.Account),
			token.EncodeSecret(t.Secret), t.Period, digits, url.QueryEscape(t.Issuer))
		if t.Algorithm != token.SHA1 {
			uri += "&algorithm=" + string(t.Algorithm)
		}
		if t.Kind == token.Steam {
			uri += "&encoder=steam"
		}
		b.WriteString(q("Root/Work", t.Issuer, t.Account, `pa"ss,word`, "https://example.com/", "two\nlines", uri, "0", "2024-02-29T12:34:56Z", "2024-02-29T12:34:56Z"))
	}
	b.WriteString(q("Root", "Mail", "me", "secret", "", "", "", "0", "2024-02-29T12:34:56Z", "2024-02-29T12:34:56Z"))
	b.WriteString(q("Root", "Odd", "x", "", "", "", "key=JBSWY3DPEHPK3PXP", "0", "2024-02-29T12:34:56Z", "2024-02-29T12:34:56Z"))
	return []byte(b.String())
}

func TestDecodeKeePassXCCSV(t *testing.T) {
	data := readFixture(t, "keepassxc.csv")
	if got := Detect(data); got != FormatKeePassXCCSV {
		t.Fatalf("Detect = %q", got)
	}
	if string(data) != string(fixtureKeePassXCCSV()) {
		t.Error("keepassxc.csv is stale: run the tests with -update")
	}
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTokens(t, res.Tokens, keepassxcCSVTokens())
	want := []string{"Odd (x): the TOTP column does not hold an otpauth:// URI"}
	if s := skippedTexts(res); !slices.Equal(s, want) {
		t.Errorf("skipped %q, want %q", s, want)
	}
}

func TestKeePassXCCSVErrors(t *testing.T) {
	data := string(readFixture(t, "keepassxc.csv"))
	tests := []struct{ name, data, id string }{
		{"cut inside a quoted field", data[:strings.Index(data, "two\n")+2], "transfer.keepassxc_csv.damaged"},
		{"a row short of fields", data + "\"Root\",\"x\"\n", "transfer.keepassxc_csv.damaged"},
		{"another header", "name,url,username,password,totp\n", "transfer.keepassxc_csv.header"},
		{"empty", "", "transfer.keepassxc_csv.header"},
		{"garbage", "\x00\xff\xfe", "transfer.not_text"},
	}
	for _, tt := range tests {
		res, err := Decode([]byte(tt.data), Options{Format: FormatKeePassXCCSV})
		var m *msg.Error
		if !errors.As(err, &m) || m.ID != tt.id || res != nil {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.id)
			continue
		}
		if strings.Contains(inEnglish(err), "JBSWY") || strings.Contains(inEnglish(err), "secret=") {
			t.Errorf("%s: the error quotes the file: %s", tt.name, inEnglish(err))
		}
	}
}

// Other CSV exports are not KeePassXC's: Bitwarden's and Proton Pass's
// headers, and KeePassXC's before it had a TOTP column.
func TestKeePassXCCSVDetectSpecific(t *testing.T) {
	for _, head := range []string{
		"folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n,,login,x,,,0,,u,p,otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n",
		"name,url,email,username,password,note,totp,createTime,modifyTime,vault\nx,,,u,p,,otpauth://totp/x?secret=JBSWY3DPEHPK3PXP,,,v\n",
		`"Group","Title","Username","Password","URL","Notes"` + "\n" + `"Root","x","u","p","",""` + "\n",
	} {
		if got := Detect([]byte(head)); got == FormatKeePassXCCSV {
			t.Errorf("Detect(%.30q...) = %q", head, got)
		}
	}
}

func FuzzKeePassXCCSV(f *testing.F) {
	fuzzFile(f, []string{"keepassxc.csv"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatKeePassXCCSV})
	})
}

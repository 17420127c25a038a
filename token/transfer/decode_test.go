package transfer

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// skippedNames lists "name: reason" of the skipped entries.
func skippedTexts(r *Result) []string {
	var out []string
	for _, s := range r.Skipped {
		out = append(out, s.Name+": "+inEnglish(s.Err))
	}
	return out
}

func TestDecodeFixtures(t *testing.T) {
	ref := reference()
	tests := []struct {
		file     string
		format   Format
		password string
		want     []token.Token
		skipped  []string
	}{
		{"reference.uri.txt", FormatURI, "", ref, []string{"Old:Bank: " + motpURIError}},
		{"reference.google.txt", FormatMigration, "", migrationFixtureTokens(), []string{"Legacy (md5user): MD5 tokens are not supported"}},
		{"aegis-plain.json", FormatAegis, "", ref, []string{"Yandex (ivan): yandex tokens are not supported", "OldBank (pat): motp tokens are not supported"}},
		{"aegis-encrypted.json", FormatAegis, fixturePassword, ref, []string{"Yandex (ivan): yandex tokens are not supported", "OldBank (pat): motp tokens are not supported"}},
		{"2fas-plain.2fas", FormatTwoFAS, "", ref, []string{"Odd (x): the algorithm SHA224 is not supported (only SHA1, SHA256, SHA512)"}},
		{"2fas-encrypted.2fas", FormatTwoFAS, fixturePassword, ref, []string{"Odd (x): the algorithm SHA224 is not supported (only SHA1, SHA256, SHA512)"}},
		{"2fas-schema1.2fas", FormatTwoFAS, "", ref[:1], nil},
		{"andotp-plain.json", FormatAndOTP, "", ref, []string{"Pin (motp): motp tokens are not supported"}},
		{"andotp-old.json", FormatAndOTP, "", ref[:1], nil},
		{"andotp-encrypted.json.aes", FormatAndOTP, fixturePassword, ref, []string{"Pin (motp): motp tokens are not supported"}},
		{"qr-two.png", FormatQR, "", []token.Token{ref[0], ref[3]}, nil},
		{"qr-two.jpg", FormatQR, "", []token.Token{ref[0], ref[3]}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			data := readFixture(t, tt.file)
			if got := Detect(data); got != tt.format {
				t.Errorf("Detect = %q, want %q", got, tt.format)
			}
			asked := 0
			opt := Options{Password: func() ([]byte, error) { asked++; return []byte(tt.password), nil }}
			res, err := Decode(data, opt)
			if err != nil {
				t.Fatal(err)
			}
			if wantAsk := btoi(tt.password != ""); asked != wantAsk {
				t.Errorf("password asked %d times, want %d", asked, wantAsk)
			}
			if res.Format != tt.format {
				t.Errorf("format %q, want %q", res.Format, tt.format)
			}
			got := res.Tokens
			if tt.format == FormatQR {
				// Codes found in an image come in the order the reader finds them.
				slices.SortFunc(got, func(a, b token.Token) int { return strings.Compare(a.Issuer, b.Issuer) })
			}
			checkTokens(t, got, tt.want)
			if s := skippedTexts(res); !slices.Equal(s, tt.skipped) {
				t.Errorf("skipped:\n got %q\nwant %q", s, tt.skipped)
			}
		})
	}
}

// motpURIError is the reason a motp URI is skipped.
var motpURIError = inEnglish(msg.New("transfer.unsupported_kind", nil, "Kind", "motp"))

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestMigrationSamples: the two samples of FORMATS.md decode to the stated
// values.
func TestMigrationSamples(t *testing.T) {
	tests := []struct {
		uri  string
		want token.Token
	}{
		{
			"otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B",
			token.Token{Issuer: "raspberrypi", Account: "pi@raspberrypi", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: mustSecret("7KSQL2JTUDIS5EF65KLMRQIIGY")},
		},
		{
			"otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D",
			token.Token{Account: "hotp demo", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Counter: 4, Secret: mustSecret("7KSQL2JTUDIS5EF65KLMRQIIGY")},
		},
	}
	for _, tt := range tests {
		// As given, with the '+' of a careless paste turned into a space,
		// with raw '+' and '/', and without padding: all the same payload.
		raw := strings.NewReplacer("%2B", "+", "%2F", "/", "%3D", "=").Replace(tt.uri)
		variants := []string{tt.uri, raw, strings.ReplaceAll(raw, "+", " "), strings.TrimRight(raw, "=")}
		for _, v := range variants {
			res, err := ParseText(v)
			if err != nil {
				t.Errorf("%s: %v", v, err)
				continue
			}
			if len(res.Skipped) != 0 || len(res.Incomplete) != 0 {
				t.Errorf("%s: skipped %v, incomplete %v", v, skippedTexts(res), res.Incomplete)
			}
			checkTokens(t, res.Tokens, []token.Token{tt.want})
		}
	}
}

func mustSecret(s string) []byte {
	b, err := token.ParseSecret(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestMigrationBatches: a three-code export is complete only with all three;
// missing codes are named, scanning one twice changes nothing.
func TestMigrationBatches(t *testing.T) {
	lines := strings.Fields(string(readFixture(t, "google-multibatch.txt")))
	if len(lines) != 3 {
		t.Fatalf("fixture has %d codes", len(lines))
	}
	all := multiBatchTokens()
	tests := []struct {
		name    string
		lines   []string
		want    []token.Token
		missing []BatchGap
	}{
		{"all", lines, all, nil},
		{"shuffled and repeated", []string{lines[2], lines[0], lines[2], lines[1]}, append(append(all[8:12:12], all[0:4]...), all[4:8]...), nil},
		{"second missing", []string{lines[0], lines[2]}, append(all[0:4:4], all[8:12]...), []BatchGap{{Size: 3, Missing: []int{2}}}},
		{"only last", lines[2:], all[8:12], []BatchGap{{Size: 3, Missing: []int{1, 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseText(strings.Join(tt.lines, "\n"))
			if err != nil {
				t.Fatal(err)
			}
			checkTokens(t, res.Tokens, tt.want)
			if !slices.EqualFunc(res.Incomplete, tt.missing, func(a, b BatchGap) bool { return a.Size == b.Size && slices.Equal(a.Missing, b.Missing) }) {
				t.Errorf("incomplete %v, want %v", res.Incomplete, tt.missing)
			}
			p := NewPlan(res, nil)
			var warn []string
			if len(tt.missing) > 0 {
				warn = []string{"transfer.incomplete Size=3 Missing=" + joinInts(tt.missing[0].Missing)}
			}
			if w := p.Warnings(english{}); !slices.Equal(w, warn) {
				t.Errorf("warnings %q, want %q", w, warn)
			}
		})
	}
}

func joinInts(n []int) string {
	var s []string
	for _, i := range n {
		s = append(s, strconv.Itoa(i))
	}
	return strings.Join(s, ", ")
}

// TestFileLevelErrors: each of these refuses the whole file with a clear
// reason and no tokens.
func TestFileLevelErrors(t *testing.T) {
	aegisEnc := readFixture(t, "aegis-encrypted.json")
	twoFASEnc := readFixture(t, "2fas-encrypted.2fas")
	andOTPEnc := readFixture(t, "andotp-encrypted.json.aes")
	tests := []struct {
		name     string
		data     []byte
		format   Format
		password string
		want     string // the English message, exactly or as a prefix ending in "…"
	}{
		{"aegis wrong password", aegisEnc, "", "nottest", "wrong password (or the file is damaged); nothing was imported"},
		{"2fas wrong password", twoFASEnc, "", "nottest", "wrong password (or the file is damaged); nothing was imported"},
		{"andotp wrong password", andOTPEnc, "", "nottest", "wrong password, or the encrypted andOTP backup is damaged; nothing was imported"},
		{"aegis truncated", aegisEnc[:len(aegisEnc)/2], "", "test", "the file is not a valid Aegis vault (broken JSON): line 2: unexpected end of JSON input…"},
		{"2fas truncated", twoFASEnc[:len(twoFASEnc)-40], "", "test", "the file is not a valid 2FAS backup (broken JSON)…"},
		{"andotp truncated", andOTPEnc[:len(andOTPEnc)-1], "", "test", "wrong password, or the encrypted andOTP backup is damaged; nothing was imported"},
		{"andotp header only", andOTPEnc[:30], FormatAndOTP, "test", "the encrypted andOTP backup is too short: it is cut off"},
		{"andotp plain truncated", readFixture(t, "andotp-plain.json")[:300], "", "", "the file is not a valid andOTP backup (broken JSON)…"},
		{"2fas schema 5", readFixture(t, "2fas-schema5.2fas"), "", "", "this 2FAS backup has schema version 5, newer than the versions otptray reads (1 to 4): update otptray to import it"},
		{"garbage", []byte("\x01\x02garbage\xff\xfe not any format"), "", "", "cannot tell the format of the input: give it with --format (" + formatList() + ")"},
		{"text garbage", []byte("hello\nworld\n"), "", "", "cannot tell the format of the input…"},
		{"stray line in a URI list", []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\nhello\n"), "", "", "line 2 is neither an otpauth:// nor an otpauth-migration:// URI; nothing was imported"},
		{"image without QR", readFixture(t, "qr-none.png"), "", "", "no QR code was found in the image"},
		{"truncated PNG", readFixture(t, "qr-two.png")[:200], "", "", "cannot read the image…"},
		{"oversized", make([]byte, MaxInput+1), "", "", "the input is larger than 16 MiB: that is not an export of tokens"},
		{"migration bad base64", []byte("otpauth-migration://offline?data=!!!notbase64"), "", "", "line 1: the data= part of the otpauth-migration:// URI is not valid base64 (was the URI cut short?)"},
		{"migration damaged", []byte("otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3Bi"), "", "", "line 1: the Google Authenticator export is damaged (the data does not decode)"},
		{"aegis unknown db version", []byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":9,"entries":[]}}`), "", "", "the Aegis vault's contents have version 9, which this otptray does not know (1 to 3)"},
		{"aegis biometric only", []byte(`{"version":1,"header":{"slots":[{"type":2,"uuid":"x","key":"00","key_params":{"nonce":"00","tag":"00"}}],"params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"}},"db":"AAAA"}`), "", "test", "the Aegis vault can only be opened with a phone's fingerprint key…"},
		{"aegis huge scrypt", []byte(strings.Replace(string(aegisEnc), `"n": 32768`, `"n": 1073741824`, 1)), "", "test", "the Aegis vault asks for unusable scrypt parameters (N=1073741824, r=8, p=1)"},
		{"wrong --format", readFixture(t, "aegis-plain.json"), FormatTwoFAS, "", "the file has no schemaVersion: not a 2FAS backup"},
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
				t.Errorf("error %T is not a *msg.Error (not translatable)", err)
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

// TestEncryptedNeedsPassword: without a password source an encrypted file
// says so, and plain files never ask.
func TestEncryptedNeedsPassword(t *testing.T) {
	for _, f := range []string{"aegis-encrypted.json", "2fas-encrypted.2fas", "andotp-encrypted.json.aes"} {
		_, err := Decode(readFixture(t, f), Options{})
		if err == nil || inEnglish(err) != "the file is encrypted: a password is needed" {
			t.Errorf("%s: %v", f, err)
		}
	}
	ask := func() ([]byte, error) { t.Error("password asked for a plain file"); return nil, nil }
	for _, f := range []string{"aegis-plain.json", "2fas-plain.2fas", "andotp-plain.json", "reference.uri.txt"} {
		if _, err := Decode(readFixture(t, f), Options{Password: ask}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// A refused password prompt (Ctrl-C, no terminal) stops the import with its error.
	stop := errors.New("no terminal")
	_, err := Decode(readFixture(t, "2fas-encrypted.2fas"), Options{Password: func() ([]byte, error) { return nil, stop }})
	if !errors.Is(err, stop) {
		t.Errorf("prompt error lost: %v", err)
	}
}

// TestReadInputLimit: ReadInput stops at MaxInput.
func TestReadInputLimit(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, err := ReadInput(f); err != nil || len(b) != 0 {
		t.Errorf("empty input: %d bytes, %v", len(b), err)
	}
	_, err = ReadInput(strings.NewReader(strings.Repeat("x", MaxInput+1)))
	if err == nil || !strings.Contains(inEnglish(err), "larger than 16 MiB") {
		t.Errorf("oversized input: %v", err)
	}
	b, err := ReadInput(strings.NewReader(strings.Repeat("x", MaxInput)))
	if err != nil || len(b) != MaxInput {
		t.Errorf("input of exactly MaxInput: %d, %v", len(b), err)
	}
}

// TestTwoFASWithoutReference: an encrypted backup without the reference
// field opens with the right password and refuses a wrong one.
func TestTwoFASWithoutReference(t *testing.T) {
	var f map[string]any
	if err := json.Unmarshal(readFixture(t, "2fas-encrypted.2fas"), &f); err != nil {
		t.Fatal(err)
	}
	delete(f, "reference")
	data := mustJSON(f)
	res, err := Decode(data, Options{Password: password(fixturePassword)})
	if err != nil {
		t.Fatal(err)
	}
	checkTokens(t, res.Tokens, reference())
	if _, err := Decode(data, Options{Password: password("wrong")}); err == nil || inEnglish(err) != "wrong password (or the file is damaged); nothing was imported" {
		t.Errorf("wrong password: %v", err)
	}
}

// TestEntryLevelProblems: an entry that cannot be used is skipped with its
// reason; the others in the same file are imported.
func TestEntryLevelProblems(t *testing.T) {
	good := `{"type":"totp","uuid":"u1","name":"ok","issuer":"Good","icon":null,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}}`
	aegis := func(bad string) []byte {
		return []byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[` + good + `,` + bad + `]}}`)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"aegis bad secret", aegis(`{"type":"totp","uuid":"u2","name":"a","issuer":"Bad","info":{"secret":"not*base32","algo":"SHA1","digits":6,"period":30}}`),
			"Bad (a): the secret is not valid base32 (letters A-Z and digits 2-7)"},
		{"aegis empty secret", aegis(`{"type":"hotp","uuid":"u2","name":"a","issuer":"Bad","info":{"secret":"","algo":"SHA1","digits":6,"counter":0}}`),
			"Bad (a): the secret is empty"},
		{"aegis MD5", aegis(`{"type":"totp","uuid":"u2","name":"a","issuer":"Bad","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"MD5","digits":6,"period":30}}`),
			`Bad (a): the algorithm MD5 is not supported (only SHA1, SHA256, SHA512)`},
		{"aegis 10 digits", aegis(`{"type":"totp","uuid":"u2","name":"a","issuer":"Bad","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":10,"period":30}}`),
			"Bad (a): digits must be between 6 and 8 (5 for Steam), not 10"},
		{"2fas bad secret", []byte(`{"schemaVersion":4,"services":[{"name":"Good","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"ok"}},{"name":"Bad","secret":"1111","otp":{"account":"a","tokenType":"TOTP"}}]}`),
			"Bad (a): the secret is not valid base32 (letters A-Z and digits 2-7)"},
		{"2fas unknown type", []byte(`{"schemaVersion":4,"services":[{"name":"Good","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"ok"}},{"name":"Bad","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"a","tokenType":"YAOTP"}}]}`),
			"Bad (a): yaotp tokens are not supported"},
		{"andotp zero period", []byte(`[{"secret":"JBSWY3DPEHPK3PXP","issuer":"Good","label":"ok","digits":6,"type":"TOTP","algorithm":"SHA1","period":30},{"secret":"JBSWY3DPEHPK3PXP","issuer":"Bad","label":"a","digits":6,"type":"TOTP","algorithm":"SHA1","period":99999}]`),
			"Bad (a): period must be between 1 and 3600 seconds, not 99999"},
	}
	for _, tt := range tests {
		res, err := Decode(tt.data, Options{})
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

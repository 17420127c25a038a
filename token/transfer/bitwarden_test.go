package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// bitwardenWant is the reference set as a Bitwarden export brings it back.
func bitwardenWant() []token.Token { return reference() }

// protonAuthWant: Proton Authenticator holds the TOTP tokens and the Steam
// one, whose entry carries only a name.
func protonAuthWant() []token.Token {
	want := protonTOTP(reference())
	for _, t := range reference() {
		if t.Kind == token.Steam {
			t.Account = ""
			want = append(want, t)
		}
	}
	return want
}

func TestDecodePasswordManagers(t *testing.T) {
	bwSkipped := []string{"Broken (user): " + inEnglish(msg.New("secret.base32", nil)),
		"Web (user): " + inEnglish(msg.New("bitwarden.otp_scheme", nil, "Scheme", "https"))}
	protonSkipped := []string{"Bad:me: " + inEnglish(msg.New("uri.field", msg.New("secret.base32", nil), "Field", "secret"))}
	passSkipped := []string{"Broken:user: " + inEnglish(msg.New("uri.field", msg.New("secret.base32", nil), "Field", "secret"))}
	tests := []struct {
		file     string
		format   Format
		password string
		want     []token.Token
		skipped  []string
	}{
		{"bitwarden-plain.json", FormatBitwarden, "", bitwardenWant(), bwSkipped},
		{"bitwarden-encrypted.json", FormatBitwarden, fixturePassword, bitwardenWant(), bwSkipped},
		{"bitwarden-argon2.json", FormatBitwarden, fixturePassword, bitwardenWant(), bwSkipped},
		{"bitwarden.csv", FormatBitwarden, "", bitwardenWant(), bwSkipped[:1]},
		{"proton-authenticator.json", FormatProton, "", protonAuthWant(), protonSkipped},
		{"proton-authenticator-encrypted.json", FormatProton, fixturePassword, protonAuthWant(), protonSkipped},
		{"protonpass.json", FormatProtonPass, "", protonTOTP(reference()), passSkipped},
		{"protonpass.zip", FormatProtonPass, "", protonTOTP(reference()), passSkipped},
		{"protonpass.csv", FormatProtonPass, "", protonTOTP(reference()), passSkipped},
		{"protonpass.pgp", FormatProtonPass, fixturePassword, protonTOTP(reference()), passSkipped},
		{"protonpass-base64.pgp", FormatProtonPass, fixturePassword, protonTOTP(reference()), passSkipped},
		{"protonpass-encrypted.zip", FormatProtonPass, fixturePassword, protonTOTP(reference()), passSkipped},
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
				t.Fatal(inEnglish(err))
			}
			if wantAsk := btoi(tt.password != ""); asked != wantAsk {
				t.Errorf("password asked %d times, want %d", asked, wantAsk)
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

// TestDetectNotConfused runs every fixture through Detect: the new formats
// are recognised and no existing one is taken for another.
func TestDetectNotConfused(t *testing.T) {
	want := map[string]Format{
		"reference.uri.txt": FormatURI, "reference.google.txt": FormatMigration, "google-multibatch.txt": FormatMigration,
		"aegis-plain.json": FormatAegis, "aegis-encrypted.json": FormatAegis,
		"2fas-plain.2fas": FormatTwoFAS, "2fas-encrypted.2fas": FormatTwoFAS, "2fas-schema1.2fas": FormatTwoFAS, "2fas-schema5.2fas": FormatTwoFAS,
		"andotp-plain.json": FormatAndOTP, "andotp-old.json": FormatAndOTP, "andotp-encrypted.json.aes": FormatAndOTP,
		"qr-two.png": FormatQR, "qr-two.jpg": FormatQR, "qr-none.png": FormatQR,
		"bitwarden-plain.json": FormatBitwarden, "bitwarden-encrypted.json": FormatBitwarden, "bitwarden-argon2.json": FormatBitwarden,
		"bitwarden-account.json": FormatBitwarden, "bitwarden.csv": FormatBitwarden,
		"proton-authenticator.json": FormatProton, "proton-authenticator-encrypted.json": FormatProton,
		"protonpass.json": FormatProtonPass, "protonpass.zip": FormatProtonPass, "protonpass.csv": FormatProtonPass,
		"protonpass.pgp": FormatProtonPass, "protonpass-base64.pgp": FormatProtonPass, "protonpass-encrypted.zip": FormatProtonPass,
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	ours := []Format{FormatBitwarden, FormatProton, FormatProtonPass}
	for _, e := range entries {
		data := readFixture(t, e.Name())
		got := Detect(data)
		w, known := want[e.Name()]
		switch {
		case known && got != w:
			t.Errorf("%s: Detect = %q, want %q", e.Name(), got, w)
		case !known && slices.Contains(ours, got):
			// A fixture of a format added beside these.
			t.Errorf("%s: Detect = %q, a password manager format", e.Name(), got)
		}
	}
	// Small inputs: headers alone, and others' files that must not be taken
	// for these formats.
	for in, want := range map[string]Format{
		"name,login_totp\n": FormatBitwarden,
		"collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n": FormatBitwarden,
		"type,name,url,email,username,password,note,totp,createTime,modifyTime,vault\r\n":                    FormatProtonPass,
		`{"version":1,"entries":[]}`:  FormatProton,
		`{"version":"1","vaults":{}}`: FormatProtonPass,
		`{"version":1,"db":{"version":2,"entries":[]},"header":{"slots":null,"params":null}}`: FormatAegis,
		`{"services":[],"schemaVersion":4}`:                                                   FormatTwoFAS,
		"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n":                                        FormatURI,
		`{"items":[]}`: "",
		"\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\"\n": "",
	} {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("%q: Detect = %q, want %q", in, got, want)
		}
	}
}

func errID(err error) string {
	var m *msg.Error
	if errors.As(err, &m) {
		return m.ID
	}
	return ""
}

func TestPasswordManagerErrors(t *testing.T) {
	bw := readFixture(t, "bitwarden-encrypted.json")
	var f map[string]any
	if err := json.Unmarshal(bw, &f); err != nil {
		t.Fatal(err)
	}
	with := func(k string, v any) []byte {
		g := map[string]any{}
		for key, val := range f {
			g[key] = val
		}
		if v == nil {
			delete(g, k)
		} else {
			g[k] = v
		}
		return mustJSON(g)
	}
	// The data with one byte of its ciphertext changed: the validation
	// field still opens, so the password is right and the file damaged.
	data := f["data"].(string)
	parts := strings.Split(data, "|")
	flipped := []byte(parts[1])
	flipped[5] ^= 1
	if flipped[5] == '|' || flipped[5] == '=' {
		flipped[5] ^= 3
	}
	tampered := parts[0] + "|" + string(flipped) + "|" + parts[2]

	tests := []struct {
		name     string
		data     []byte
		format   Format
		password string
		id       string
	}{
		{"bitwarden wrong password", bw, "", "nope", "transfer.wrong_password"},
		{"bitwarden argon2 wrong password", readFixture(t, "bitwarden-argon2.json"), "", "nope", "transfer.wrong_password"},
		{"bitwarden without the validation field, wrong password", with("encKeyValidation_DO_NOT_EDIT", nil), "", "nope", "transfer.wrong_password"},
		{"bitwarden damaged data", with("data", tampered), "", fixturePassword, "bitwarden.damaged"},
		{"bitwarden account key", readFixture(t, "bitwarden-account.json"), "", fixturePassword, "bitwarden.account_key"},
		{"bitwarden huge iterations", with("kdfIterations", 1e9), "", fixturePassword, "bitwarden.kdf_params"},
		{"bitwarden unknown kdf", with("kdfType", 7), "", fixturePassword, "bitwarden.kdf_type"},
		{"bitwarden other EncString type", with("data", "0.AAAA|BBBB"), "", fixturePassword, "bitwarden.enc_type"},
		{"bitwarden broken EncString", with("encKeyValidation_DO_NOT_EDIT", "2.x|y"), "", fixturePassword, "bitwarden.encrypted"},
		{"bitwarden no items", []byte(`{"encrypted":false}`), FormatBitwarden, "", "bitwarden.no_items"},
		{"bitwarden csv without the column", []byte("name,login_username\nA,b\n"), FormatBitwarden, "", "bitwarden.csv_header"},
		{"bitwarden csv broken quote", []byte("name,login_totp\n\"A,JBSWY3DPEHPK3PXP\n"), "", "", "bitwarden.csv"},
		{"proton encrypted", []byte(`{"version":1,"salt":"abc","content":"def"}`), "", "", "proton.encrypted"},
		{"proton wrong password", readFixture(t, "proton-authenticator-encrypted.json"), "", "nope", "transfer.wrong_password"},
		{"proton version", []byte(`{"version":2,"entries":[]}`), "", "", "proton.version"},
		{"protonpass wrong password", readFixture(t, "protonpass.pgp"), "", "nope", "transfer.wrong_password"},
		{"protonpass zip wrong password", readFixture(t, "protonpass-encrypted.zip"), "", "nope", "transfer.wrong_password"},
		{"protonpass encrypted json", []byte(`{"version":"1","encrypted":true,"vaults":{}}`), "", "", "protonpass.encrypted_json"},
		{"protonpass zip without data", fixtureZipOther(), FormatProtonPass, "", "protonpass.zip_no_data"},
		{"protonpass garbage pgp", []byte("-----BEGIN PGP MESSAGE-----\n\nnot base64 at all\n-----END PGP MESSAGE-----\n"), "", fixturePassword, "protonpass.pgp_damaged"},
		{"protonpass garbage base64", []byte("LS0tLS1CRUdJTiBQR1AgTUVTU0FHRS0tLS0t!!"), "", fixturePassword, "protonpass.pgp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode(tt.data, Options{Format: tt.format, Password: password(tt.password)})
			if err == nil || res != nil {
				t.Fatalf("Decode = %v, %v; want an error and no result", res, err)
			}
			if got := errID(err); got != tt.id {
				t.Errorf("error %q (%s), want %s", got, inEnglish(err), tt.id)
			}
		})
	}
}

func fixtureZipOther() []byte {
	z := fixtureProtonPassZip([]byte("{}"))
	return bytes.Replace(z, []byte("Proton Pass/data.json"), []byte("Proton Pass/other.txt"), -1)
}

// Truncated files fail as a whole, with a message, nothing imported. A CSV
// cut inside the last field of a row cannot be told from a whole one, so
// its cuts leave a row short of fields.
func TestPasswordManagerTruncated(t *testing.T) {
	for _, name := range []string{"bitwarden-plain.json", "bitwarden-encrypted.json", "bitwarden.csv", "proton-authenticator.json", "proton-authenticator-encrypted.json",
		"protonpass.json", "protonpass.zip", "protonpass.csv", "protonpass.pgp", "protonpass-base64.pgp", "protonpass-encrypted.zip"} {
		data := readFixture(t, name)
		f := Detect(data)
		cuts := []int{len(data) / 3, len(data) / 2, len(data) - 100}
		if strings.HasSuffix(name, ".csv") {
			lines := bytes.SplitAfter(data, []byte("\n"))
			at := len(lines[0]) + len(lines[1])
			cuts = []int{at + bytes.IndexByte(lines[2], ',') + 1, at + 3}
		}
		for _, cut := range cuts {
			res, err := Decode(data[:cut], Options{Format: f, Password: password(fixturePassword)})
			if err == nil || res != nil {
				n := 0
				if res != nil {
					n = len(res.Tokens)
				}
				t.Errorf("%s cut at %d: %d tokens, err %v; want an error", name, cut, n, err)
				continue
			}
			var m *msg.Error
			if !errors.As(err, &m) {
				t.Errorf("%s cut at %d: %v is not a catalogue message", name, cut, err)
			}
		}
	}
}

// The stretching of the derived key matches the vector of Bitwarden's own
// test (bitwarden/sdk, crates/bitwarden-crypto keys/utils.rs,
// test_stretch_kdf_key).
func TestBitwardenStretchVector(t *testing.T) {
	key := []byte{31, 79, 104, 226, 150, 71, 177, 90, 194, 80, 172, 209, 17, 129, 132, 81, 138, 167,
		69, 167, 254, 149, 2, 27, 39, 197, 64, 42, 22, 195, 86, 75}
	wantEnc := []byte{111, 31, 178, 45, 238, 152, 37, 114, 143, 215, 124, 83, 135, 173, 195, 23, 142,
		134, 120, 249, 61, 132, 163, 182, 113, 197, 189, 204, 188, 21, 237, 96}
	wantMAC := []byte{221, 127, 206, 234, 101, 27, 202, 38, 86, 52, 34, 28, 78, 28, 185, 16, 48, 61, 127,
		166, 209, 247, 194, 87, 232, 26, 48, 85, 193, 249, 179, 155}
	k, err := bitwardenStretch(key)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k.enc, wantEnc) || !bytes.Equal(k.mac, wantMAC) {
		t.Error("stretched keys differ from Bitwarden's")
	}
}

// A Bitwarden export without password function: asked for one, nothing read.
func TestBitwardenNeedsPassword(t *testing.T) {
	_, err := Decode(readFixture(t, "bitwarden-encrypted.json"), Options{})
	if errID(err) != "transfer.need_password" {
		t.Errorf("err %v", err)
	}
	for _, name := range []string{"protonpass.pgp", "proton-authenticator-encrypted.json"} {
		_, err = Decode(readFixture(t, name), Options{})
		if errID(err) != "transfer.need_password" {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

func FuzzBitwarden(f *testing.F) {
	fuzzFile(f, []string{"bitwarden-plain.json", "bitwarden-encrypted.json", "bitwarden-account.json", "bitwarden.csv"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatBitwarden})
	})
}

func FuzzProton(f *testing.F) {
	fuzzFile(f, []string{"proton-authenticator.json", "proton-authenticator-encrypted.json"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatProton})
	})
}

func FuzzProtonPass(f *testing.F) {
	fuzzFile(f, []string{"protonpass.json", "protonpass.zip", "protonpass.csv", "protonpass.pgp", "protonpass-encrypted.zip"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatProtonPass})
	})
}

// A skipped entry is named by its item and the reason, never by the value
// it held, which may be a secret.
func TestPasswordManagerSkippedKeepsValues(t *testing.T) {
	for _, name := range []string{"bitwarden-plain.json", "bitwarden.csv", "proton-authenticator.json", "protonpass.json"} {
		res, err := Decode(readFixture(t, name), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) == 0 {
			t.Fatalf("%s: nothing skipped", name)
		}
		for _, s := range res.Skipped {
			text := SkippedText(english{}, s)
			for _, v := range []string{"not a secret!", "example.com/otp", "secret=1"} {
				if strings.Contains(text, v) {
					t.Errorf("%s: %q shows the value %q", name, text, v)
				}
			}
		}
	}
}

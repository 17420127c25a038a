package transfer

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
)

func TestDecodeKDBXFixtures(t *testing.T) {
	for name := range kdbxFixtures {
		t.Run(name, func(t *testing.T) {
			data := readFixture(t, name)
			if got := Detect(data); got != FormatKDBX {
				t.Errorf("Detect = %q, want %q", got, FormatKDBX)
			}
			asked := 0
			res, err := Decode(data, Options{Password: func() ([]byte, error) { asked++; return []byte(fixturePassword), nil }})
			if err != nil {
				t.Fatal(err)
			}
			if asked != 1 {
				t.Errorf("password asked %d times, want 1", asked)
			}
			if res.Format != FormatKDBX {
				t.Errorf("format %q", res.Format)
			}
			checkTokens(t, res.Tokens, reference())
			if s := skippedTexts(res); !slices.Equal(s, []string{kdbxFixtureBroken}) {
				t.Errorf("skipped %q, want %q", s, kdbxFixtureBroken)
			}
		})
	}
}

// The committed fixtures are what the writer makes today.
func TestKDBXFixturesCurrent(t *testing.T) {
	for name, f := range kdbxFixtures {
		if !bytes.Equal(readFixture(t, name), fixtureKDBX(f, fixtureKDBXEntries)) {
			t.Errorf("%s is stale: run the tests with -update", name)
		}
	}
}

// Argon2d is reached inside x/crypto: the RFC 9106 section 5.1 vector proves
// the mode and the parameters line up.
func TestArgon2dVector(t *testing.T) {
	rep := func(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }
	got := argon2DeriveKey(argon2ModeD, rep(1, 32), rep(2, 16), rep(3, 8), rep(4, 12), 3, 32, 4, 32)
	want := "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"
	if hex.EncodeToString(got) != want {
		t.Fatalf("Argon2d = %x, want %s", got, want)
	}
}

func kdbxErrID(t *testing.T, data []byte, pw string) string {
	t.Helper()
	res, err := Decode(data, Options{Format: FormatKDBX, Password: password(pw)})
	if err == nil {
		t.Fatalf("no error, %d tokens", len(res.Tokens))
	}
	if res != nil {
		t.Fatal("a result beside the error")
	}
	var m *msg.Error
	if !errors.As(err, &m) {
		t.Fatalf("%v is not a *msg.Error", err)
	}
	if inEnglish(err) == m.ID {
		t.Errorf("%s has no English text", m.ID)
	}
	return m.ID
}

func TestKDBXErrors(t *testing.T) {
	for name := range kdbxFixtures {
		data := readFixture(t, name)
		if id := kdbxErrID(t, data, "wrong"); id != "transfer.wrong_password" {
			t.Errorf("%s, wrong password: %s", name, id)
		}
		// Cut anywhere: a clear error, never tokens. The header is cut at
		// every byte, the payload at a few places.
		for n := 0; n < len(data); n++ {
			if n > 300 && n%97 != 0 && n != len(data)-1 {
				continue
			}
			id := kdbxErrID(t, data[:n], fixturePassword)
			if n < 12 {
				continue // not even the signature: Decode with the format given
			}
			if id != "transfer.kdbx.damaged" && id != "transfer.wrong_password" && id != "transfer.kdbx.xml" {
				t.Errorf("%s cut at %d: %s", name, n, id)
			}
		}
		// A flipped byte in the payload is noticed: by the block MAC (KDBX
		// 4) or the block hash (3.1).
		bad := bytes.Clone(data)
		bad[len(bad)-200] ^= 1
		if id := kdbxErrID(t, bad, fixturePassword); id != "transfer.kdbx.damaged" {
			t.Errorf("%s flipped: %s", name, id)
		}
	}
	if id := kdbxErrID(t, []byte("garbage, not a database"), fixturePassword); id != "transfer.kdbx.damaged" {
		t.Errorf("garbage: %s", id)
	}
	_, err := Decode(readFixture(t, "kdbx4-argon2d.kdbx"), Options{})
	if m := new(msg.Error); !errors.As(err, &m) || m.ID != "transfer.need_password" {
		t.Errorf("no password source: %v", err)
	}
}

// A database asking for a key derivation beyond the bounds is refused before
// the password is asked for.
func TestKDBXCostBounds(t *testing.T) {
	entries := func(func(string) string) string { return "<KeePassFile/>" }
	tests := []struct {
		f  kdbxFixture
		id string
	}{
		{kdbxFixture{major: 4, cipher: "aes", kdf: "argon2d", rounds: 2, memory: 2 << 30, block: 100}, "transfer.kdbx.argon2_cost"},
		{kdbxFixture{major: 4, cipher: "aes", kdf: "argon2id", rounds: 1000, memory: 64 << 20, block: 100}, "transfer.kdbx.argon2_cost"},
		{kdbxFixture{major: 4, cipher: "aes", kdf: "aes", rounds: kdbxMaxAESRounds + 1, block: 100}, "transfer.kdbx.aes_cost"},
		{kdbxFixture{major: 3, cipher: "aes", kdf: "aes", rounds: 1 << 40}, "transfer.kdbx.aes_cost"},
	}
	for _, tt := range tests {
		// Written with a cheap KDF, then the parameters raised: the reader
		// must refuse before deriving anything.
		cheap := tt.f
		cheap.rounds, cheap.memory = 1, 1<<20
		data := fixtureKDBX(cheap, entries)
		data = bytes.Replace(data, fixtureVariantDict(cheap, bytes.Repeat([]byte{'k'}, 32)), fixtureVariantDict(tt.f, bytes.Repeat([]byte{'k'}, 32)), 1)
		if tt.f.major == 3 {
			data = bytes.Replace(data, []byte{6, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0}, append([]byte{6, 8, 0}, le64(tt.f.rounds)...), 1)
		}
		asked := false
		_, err := Decode(data, Options{Password: func() ([]byte, error) { asked = true; return []byte("x"), nil }})
		var m *msg.Error
		if !errors.As(err, &m) || m.ID != tt.id {
			t.Errorf("%+v: %v, want %s", tt.f, err, tt.id)
		}
		if asked {
			t.Errorf("%+v: password asked", tt.f)
		}
	}
}

func le64(v uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	return b
}

// Every format's fixture is detected as its own format; none is taken for
// another.
func TestDetectTable(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Format{
		"reference.uri.txt": FormatURI, "reference.google.txt": FormatMigration, "google-multibatch.txt": FormatMigration,
		"qr-two.png": FormatQR, "qr-two.jpg": FormatQR, "qr-none.png": FormatQR,
	}
	prefixes := []struct {
		prefix string
		f      Format
	}{{"aegis-", FormatAegis}, {"2fas-", FormatTwoFAS}, {"andotp-", FormatAndOTP}, {"kdbx", FormatKDBX}, {"keepassxc", FormatKeePassXCCSV}}
	for _, p := range files {
		name := filepath.Base(p)
		f, ok := want[name]
		for _, pr := range prefixes {
			if strings.HasPrefix(name, pr.prefix) {
				f, ok = pr.f, true
			}
		}
		if !ok {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := Detect(data); got != f {
			t.Errorf("Detect(%s) = %q, want %q", name, got, f)
		}
	}
}

func FuzzKDBX(f *testing.F) {
	for name := range kdbxFixtures {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(data, Options{Format: FormatKDBX})
		checkDecoded(t, res, err)
	})
}

// The XML reader gets the fuzzer's bytes after the crypto, with a real
// inner stream.
func FuzzKDBXEntries(f *testing.F) {
	f.Add([]byte(fixtureKDBXEntries(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) })))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := newInnerStream(3, []byte("key"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := kdbxEntries(data, s)
		checkDecoded(t, res, err)
	})
}

package transfer

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// Fuzz targets: no input makes a decoder panic, hang or return tokens with
// an error; every token returned can make a code. Encrypted inputs get no
// password source, so the fuzzer explores the parsers, not the KDFs.

func checkDecoded(t *testing.T, res *Result, err error) {
	if err != nil {
		if res != nil {
			t.Fatal("result with an error")
		}
		return
	}
	for _, tok := range res.Tokens {
		if _, err := tok.WindowAt(instants[1], 0); err != nil {
			t.Fatalf("decoded token cannot make a code: %v", err)
		}
	}
}

func FuzzMigration(f *testing.F) {
	for _, name := range []string{"reference.google.txt", "google-multibatch.txt"} {
		for _, line := range strings.Fields(string(readFixture(f, name))) {
			u, _ := url.Parse(line)
			raw, _ := base64.StdEncoding.DecodeString(u.Query().Get("data"))
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		p, err := decodeMigrationPayload(payload)
		if err != nil {
			return
		}
		res := &Result{}
		mergeMigration(res, []migrationPayload{p})
		checkDecoded(t, res, nil)
		// And through the URI, as a paste would bring it.
		uri := "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(payload))
		res2, err := ParseText(uri)
		checkDecoded(t, res2, err)
	})
}

func fuzzFile(f *testing.F, seeds []string, decode func([]byte) (*Result, error)) {
	for _, s := range seeds {
		f.Add(readFixture(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := decode(data)
		checkDecoded(t, res, err)
	})
}

func FuzzAegis(f *testing.F) {
	fuzzFile(f, []string{"aegis-plain.json", "aegis-encrypted.json"}, func(b []byte) (*Result, error) { return decodeAegis(b, nil, newWork(nil)) })
}

func FuzzTwoFAS(f *testing.F) {
	fuzzFile(f, []string{"2fas-plain.2fas", "2fas-encrypted.2fas", "2fas-schema1.2fas", "2fas-schema5.2fas"}, func(b []byte) (*Result, error) { return decodeTwoFAS(b, nil, newWork(nil)) })
}

func FuzzAndOTP(f *testing.F) {
	fuzzFile(f, []string{"andotp-plain.json", "andotp-old.json", "andotp-encrypted.json.aes"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{Format: FormatAndOTP})
	})
}

func FuzzDecode(f *testing.F) {
	fuzzFile(f, []string{"reference.uri.txt", "reference.google.txt", "aegis-plain.json", "2fas-plain.2fas", "andotp-plain.json"}, func(b []byte) (*Result, error) {
		return Decode(b, Options{})
	})
}

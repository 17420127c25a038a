package update

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"aead.dev/minisign"
	"github.com/otptray/otptray/internal/msg"
)

func newReleaseKey(t *testing.T) (minisign.PublicKey, minisign.PrivateKey) {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

// signedRelease is SHA256SUMS listing files, and its signature by priv
// (prehashed, as the release tool and minisign sign).
func signedRelease(t *testing.T, priv minisign.PrivateKey, files map[string][]byte) (sums, sig []byte) {
	t.Helper()
	var b bytes.Buffer
	for name, data := range files {
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	r := minisign.NewReader(bytes.NewReader(b.Bytes()))
	if _, err := r.Read(make([]byte, b.Len()+1)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), r.SignWithComments(priv, "timestamp:1700000000\tfile:SHA256SUMS", "test key")
}

func TestVerify(t *testing.T) {
	pub, priv := newReleaseKey(t)
	nextPub, nextPriv := newReleaseKey(t)
	_, otherPriv := newReleaseKey(t)
	const name = "otptray-1.3.0-windows-amd64.msi"
	file := []byte("the installer")
	files := map[string][]byte{name: file, "otptray-1.3.0-windows-amd64-portable.zip": []byte("zip")}
	sums, sig := signedRelease(t, priv, files)
	nextSums, nextSig := signedRelease(t, nextPriv, files)
	otherSums, otherSig := signedRelease(t, otherPriv, files)
	legacySig := minisign.Sign(priv, sums) // minisign -l: not prehashed

	tamperedSums := bytes.Replace(sums, []byte(name), []byte("otptray-1.3.0-windows-amd64.exe"), 1)
	flipped := bytes.Clone(sig)
	lines := bytes.Split(flipped, []byte("\n"))
	lines[1][20] ^= 'A' ^ 'B' // a byte of the Ed25519 signature's base64
	if lines[1][20] == '=' {
		t.Fatal("flipped padding")
	}

	both := &Verifier{Keys: []minisign.PublicKey{pub, nextPub}}
	tests := []struct {
		name     string
		v        *Verifier
		sums     []byte
		sig      []byte
		file     string
		data     []byte
		want     Failure // "": verifies
		wantFile string
	}{
		{"good", both, sums, sig, name, file, "", ""},
		{"good, legacy signature", both, sums, legacySig, name, file, "", ""},
		{"good, by the next key", both, nextSums, nextSig, name, file, "", ""},
		{"next key not trusted yet", &Verifier{Keys: []minisign.PublicKey{pub}}, nextSums, nextSig, name, file, OtherKey, SumsName},
		{"another key", both, otherSums, otherSig, name, file, OtherKey, SumsName},
		{"no signature", both, sums, nil, name, file, NoSignature, SumsName},
		{"blank signature", both, sums, []byte("\n\n"), name, file, NoSignature, SumsName},
		{"signature not minisign", both, sums, []byte("-----BEGIN PGP SIGNATURE-----\n"), name, file, BadSignature, SumsName},
		{"tampered SHA256SUMS", both, tamperedSums, sig, name, file, BadSignature, SumsName},
		{"tampered signature", both, sums, flipped, name, file, BadSignature, SumsName},
		{"another release's signature", both, sums, otherSigFor(t, priv, []byte("x")), name, file, BadSignature, SumsName},
		{"tampered file", both, sums, sig, name, []byte("the installer, changed"), HashMismatch, name},
		{"truncated file", both, sums, sig, name, file[:5], HashMismatch, name},
		{"file not listed", both, sums, sig, "otptray-1.3.0-windows-arm64.msi", file, NotListed, "otptray-1.3.0-windows-arm64.msi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Verify(tt.sums, tt.sig, tt.file, bytes.NewReader(tt.data))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Failure != tt.want || ve.File != tt.wantFile {
				t.Fatalf("Verify = %#v, want %s of %s", err, tt.want, tt.wantFile)
			}
			if !IsFailure(fmt.Errorf("wrapped: %w", err), tt.want) {
				t.Errorf("IsFailure does not see through wrapping")
			}
			// The catalogue renders it, naming the file where it is one of the release's.
			text := inEnglish(msg.New("update.check", err))
			namesFile := tt.want == NotListed || tt.want == HashMismatch
			if strings.Contains(text, "update.verify") || (namesFile && !strings.Contains(text, tt.wantFile)) {
				t.Errorf("rendered as %q", text)
			}
		})
	}
}

// otherSigFor is a good signature by priv of another message.
func otherSigFor(t *testing.T, priv minisign.PrivateKey, message []byte) []byte {
	t.Helper()
	return minisign.Sign(priv, message)
}

func TestParseSums(t *testing.T) {
	h := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"text mode", h + "  a.msi\n", true},
		{"binary mode", h + " *a.msi\n", true},
		{"CRLF", h + "  a.msi\r\n" + h + "  b.zip\r\n", true},
		{"empty", "", false},
		{"one space", h + " a.msi\n", false},
		{"short hash", h[:62] + "  a.msi\n", false},
		{"not hex", strings.Repeat("zz", 32) + "  a.msi\n", false},
		{"listed twice", h + "  a.msi\n" + h + "  a.msi\n", false},
		{"a name only", "a.msi\n", false},
	}
	for _, tt := range tests {
		_, err := parseSums([]byte(tt.text))
		if (err == nil) != tt.ok {
			t.Errorf("%s: parseSums = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && !IsFailure(err, BadSums) {
			t.Errorf("%s: %v, want %s", tt.name, err, BadSums)
		}
	}
}

func TestTrustedKeys(t *testing.T) {
	pub, _ := newReleaseKey(t)
	next, _ := newReleaseKey(t)
	pubFile, _ := pub.MarshalText() // a whole minisign.pub

	defer func(a, b string) { releaseKey, nextReleaseKey = a, b }(releaseKey, nextReleaseKey)
	tests := []struct {
		name        string
		key, next   string
		wantID      string // "": ok
		wantKeysLen int
	}{
		{"none", "", "", "update.verify.no_key", 0},
		{"one", pub.String(), "", "", 1},
		{"one, as a file", string(pubFile), "", "", 1},
		{"the next one alone", "", next.String(), "", 1},
		{"both", pub.String(), next.String(), "", 2},
		{"garbage", "RWnotakey", "", "update.verify.bad_key", 0},
	}
	for _, tt := range tests {
		releaseKey, nextReleaseKey = tt.key, tt.next
		keys, err := TrustedKeys()
		var m *msg.Error
		switch {
		case tt.wantID == "" && (err != nil || len(keys) != tt.wantKeysLen):
			t.Errorf("%s: TrustedKeys = %d keys, %v; want %d", tt.name, len(keys), err, tt.wantKeysLen)
		case tt.wantID != "" && (!errors.As(err, &m) || m.ID != tt.wantID):
			t.Errorf("%s: TrustedKeys error %v, want %s", tt.name, err, tt.wantID)
		}
	}
	if _, err := ParseKeys(pub.String(), next.String(), pub.String()); err == nil {
		t.Error("ParseKeys accepts three keys")
	}
}

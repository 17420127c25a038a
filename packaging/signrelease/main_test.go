package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"aead.dev/minisign"
)

// newKey writes a throwaway minisign secret key to a file of mode perm and
// returns its path, the private key and the public key.
func newKey(t *testing.T, perm os.FileMode) (string, minisign.PrivateKey, minisign.PublicKey) {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	text, err := priv.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "release.key")
	if err := os.WriteFile(path, text, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return path, priv, pub
}

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func writeSums(t *testing.T) (string, []byte) {
	t.Helper()
	sums := []byte("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae  otptray-1.3.0-windows-amd64.msi\n")
	path := filepath.Join(t.TempDir(), "SHA256SUMS")
	if err := os.WriteFile(path, sums, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, sums
}

func TestSignVerifies(t *testing.T) {
	keyPath, priv, pub := newKey(t, 0o600)
	sumsPath, sums := writeSums(t)
	var stdout, stderr bytes.Buffer
	code := run(env(map[string]string{keyEnv: keyPath, "SOURCE_DATE_EPOCH": "1700000000"}), []string{sumsPath}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("run = %d, stderr %q", code, stderr.String())
	}
	sig, err := os.ReadFile(sumsPath + ".minisig")
	if err != nil {
		t.Fatal(err)
	}
	if !minisign.Verify(pub, sums, sig) {
		t.Fatalf("the signature does not verify with the key's public key:\n%s", sig)
	}
	if minisign.Verify(pub, append(sums, 'x'), sig) {
		t.Fatal("the signature verifies a changed SHA256SUMS")
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		t.Fatal(err)
	}
	if s.Algorithm != minisign.HashEdDSA {
		t.Errorf("algorithm %#x, want minisign's default, the prehashed %#x", s.Algorithm, minisign.HashEdDSA)
	}
	if want := "timestamp:1700000000\tfile:SHA256SUMS"; s.TrustedComment != want {
		t.Errorf("trusted comment %q, want %q", s.TrustedComment, want)
	}
	assertNoKeyMaterial(t, priv, stdout.String()+stderr.String())

	// The reference minisign accepts it too, where it is installed.
	if mini, err := exec.LookPath("minisign"); err == nil {
		out, err := exec.Command(mini, "-V", "-P", pub.String(), "-m", sumsPath).CombinedOutput()
		if err != nil {
			t.Errorf("minisign -V: %v\n%s", err, out)
		}
	}
}

func TestRefusesKeyOthersCanRead(t *testing.T) {
	for _, perm := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		keyPath, priv, _ := newKey(t, perm)
		sumsPath, _ := writeSums(t)
		var stdout, stderr bytes.Buffer
		code := run(env(map[string]string{keyEnv: keyPath}), []string{sumsPath}, &stdout, &stderr)
		if code != 1 {
			t.Errorf("mode %04o: run = %d, want 1", perm, code)
		}
		if !strings.Contains(stderr.String(), "open to other users") || !strings.Contains(stderr.String(), "chmod 600") {
			t.Errorf("mode %04o: stderr %q does not say why and what to do", perm, stderr.String())
		}
		if _, err := os.Stat(sumsPath + ".minisig"); !os.IsNotExist(err) {
			t.Errorf("mode %04o: a signature was written (%v)", perm, err)
		}
		assertNoKeyMaterial(t, priv, stdout.String()+stderr.String())
	}
}

func TestKeyErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.key")
	os.WriteFile(garbage, []byte("untrusted comment: x\nnot base64 at all!"), 0o600)
	encrypted := filepath.Join(dir, "encrypted.key")
	os.WriteFile(encrypted, encryptedLooking(t), 0o600)
	sumsPath, _ := writeSums(t)

	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no key", nil, keyEnv + " is not set"},
		{"missing file", map[string]string{keyEnv: filepath.Join(dir, "none.key")}, "no such file"},
		{"a folder", map[string]string{keyEnv: dir}, "not a regular file"},
		{"not a key", map[string]string{keyEnv: garbage}, "is not a minisign secret key"},
		{"password missing", map[string]string{keyEnv: encrypted}, "set " + passwordEnv},
		{"password wrong", map[string]string{keyEnv: encrypted, passwordEnv: "wrong"}, "cannot decrypt"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(env(tt.env), []string{sumsPath}, &stdout, &stderr); code != 1 {
			t.Errorf("%s: run = %d, want 1", tt.name, code)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%s: stderr %q, want it to say %q", tt.name, stderr.String(), tt.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(env(nil), nil, &stdout, &stderr); code != 2 {
		t.Errorf("no file: run = %d, want 2 (usage)", code)
	}
}

// encryptedLooking is a secret key marked as protected by a password
// (minisign's "Sc" KDF) with cheap scrypt costs, so that a wrong password
// fails quickly: minisign.EncryptKey would spend a gigabyte of memory.
func encryptedLooking(t *testing.T) []byte {
	_, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := priv.MarshalText()
	lines := strings.SplitN(string(text), "\n", 2)
	raw, err := base64.StdEncoding.DecodeString(lines[1])
	if err != nil {
		t.Fatal(err)
	}
	raw[2], raw[3] = 'S', 'c'         // KDF: scrypt
	raw[38], raw[46] = 1, 1           // opslimit, memlimit: tiny
	copy(raw[39:46], make([]byte, 7)) // (little endian)
	copy(raw[47:54], make([]byte, 7))
	return []byte(lines[0] + "\n" + base64.StdEncoding.EncodeToString(raw) + "\n")
}

// assertNoKeyMaterial fails when out shows the secret key or its encoding.
func assertNoKeyMaterial(t *testing.T, priv minisign.PrivateKey, out string) {
	t.Helper()
	text, _ := priv.MarshalText()
	b64 := strings.SplitN(string(text), "\n", 2)[1]
	for _, part := range []string{b64, b64[60:100]} {
		if strings.Contains(out, part) {
			t.Fatalf("the output shows the secret key: %q", out)
		}
	}
}

package windows

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/danieljoos/wincred"

	"github.com/otptray/otptray/token"
)

// These tests need Windows, or Wine (test.sh runs them there): they touch the
// real Credential Manager and the real program folder.

// A secret goes into Credential Manager as a generic credential named
// "otptray:<token ID>", comes back byte for byte, and is gone after Delete.
func TestCredentialManagerRoundTrip(t *testing.T) {
	var kr token.SystemKeyring
	idb := make([]byte, 8)
	_, _ = rand.Read(idb)
	id := "test-" + hex.EncodeToString(idb)
	t.Cleanup(func() { _ = kr.Delete(id) })

	tests := []struct {
		name   string
		secret []byte
	}{
		{"RFC 6238 seed", []byte("12345678901234567890")},
		{"all byte values", func() []byte {
			b := make([]byte, 256)
			for i := range b {
				b[i] = byte(i)
			}
			return b
		}()},
		{"one byte", []byte{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := kr.Set(id, tt.secret); err != nil {
				t.Fatalf("Set: %v", err)
			}
			got, err := kr.Get(id)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !bytes.Equal(got, tt.secret) { // never print secrets
				t.Fatalf("Get returned %d bytes that differ from the %d stored", len(got), len(tt.secret))
			}
			cred, err := wincred.GetGenericCredential(token.KeyringService + ":" + id)
			if err != nil {
				t.Fatalf("no generic credential %s:%s in Credential Manager: %v", token.KeyringService, id, err)
			}
			if bytes.Contains(cred.CredentialBlob, tt.secret) && len(tt.secret) > 1 {
				t.Error("Credential Manager holds the raw secret bytes, want the encoded form")
			}
		})
	}

	if err := kr.Delete(id); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := kr.Get(id); !errors.Is(err, token.ErrNoSecret) {
		t.Fatalf("Get after Delete: %v, want ErrNoSecret", err)
	}
	if _, err := wincred.GetGenericCredential(token.KeyringService + ":" + id); err == nil {
		t.Error("the credential is still in Credential Manager after Delete")
	}
	if err := kr.Delete(id); err != nil {
		t.Errorf("second Delete: %v, want nil", err)
	}
}

// A "portable" file beside the program moves the data folder beside it;
// without it the data is in %AppData%\otptray; OTPTRAY_CONFIG_DIR beats both.
func TestPortablePaths(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exeDir := filepath.Dir(exe)
	marker := filepath.Join(exeDir, token.PortableMarker)
	if _, err := os.Stat(marker); err == nil {
		t.Fatalf("%s exists before the test", marker)
	}
	appData := os.Getenv("APPDATA")
	if appData == "" {
		t.Fatal("APPDATA is empty")
	}

	steps := []struct {
		name      string
		portable  bool
		configDir string
		want      string
	}{
		{"installed", false, "", filepath.Join(appData, "otptray")},
		{"portable", true, "", filepath.Join(exeDir, "data")},
		{"portable, OTPTRAY_CONFIG_DIR", true, `C:\otptray-config`, `C:\otptray-config`},
		{"installed again", false, "", filepath.Join(appData, "otptray")},
	}
	for _, s := range steps {
		if s.portable {
			if err := os.WriteFile(marker, []byte("portable\r\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			if err := os.Remove(marker); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
		}
		t.Setenv("OTPTRAY_CONFIG_DIR", s.configDir)
		got, err := token.DefaultDir()
		if err != nil {
			t.Fatalf("%s: DefaultDir: %v", s.name, err)
		}
		if got != s.want {
			t.Errorf("%s: DefaultDir = %q, want %q", s.name, got, s.want)
		}
		_, ok := token.PortableDir()
		if ok != s.portable {
			t.Errorf("%s: PortableDir says portable %v, want %v", s.name, ok, s.portable)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/otptray/otptray/token"
)

// fileKeyring is a token.Keyring in one JSON file (ID -> base32 secret), for
// the scripts' run without a system keyring. Each command of a script is a
// process of its own, so the secrets must outlive a process: go-keyring's
// in-memory MockInit would forget them between two commands. Test code
// only: the program itself never keeps a secret in a file.
type fileKeyring struct{ path string }

func (k fileKeyring) load() (map[string]string, error) {
	raw, err := os.ReadFile(k.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// save replaces the file by renaming a complete new one over it, so that a
// command never reads half of another's write.
func (k fileKeyring) save(m map[string]string) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(k.path), filepath.Base(k.path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(raw)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), k.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func (k fileKeyring) Get(id string) ([]byte, error) {
	m, err := k.load()
	if err != nil {
		return nil, err
	}
	s, ok := m[id]
	if !ok {
		return nil, token.ErrNoSecret
	}
	return token.ParseSecret(s)
}

func (k fileKeyring) Set(id string, secret []byte) error {
	m, err := k.load()
	if err != nil {
		return err
	}
	m[id] = token.EncodeSecret(secret)
	return k.save(m)
}

func (k fileKeyring) Delete(id string) error {
	m, err := k.load()
	if err != nil {
		return err
	}
	if _, ok := m[id]; !ok {
		return nil
	}
	delete(m, id)
	return k.save(m)
}

// TestFileKeyring: what one process stores, another reads, until removed.
func TestFileKeyring(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyring")
	secret := []byte("12345678901234567890")
	if err := (fileKeyring{path}).Set("a", secret); err != nil {
		t.Fatal(err)
	}
	kr := fileKeyring{path}
	if got, err := kr.Get("a"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Get(a) = %q, %v; want the secret", got, err)
	}
	if _, err := kr.Get("b"); !errors.Is(err, token.ErrNoSecret) {
		t.Fatalf("Get(b) error %v, want ErrNoSecret", err)
	}
	if err := kr.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if err := kr.Delete("a"); err != nil {
		t.Fatalf("Delete of a missing entry: %v", err)
	}
	if _, err := kr.Get("a"); !errors.Is(err, token.ErrNoSecret) {
		t.Fatalf("Get(a) after Delete: error %v, want ErrNoSecret", err)
	}
}

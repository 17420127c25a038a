package keyringtest_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/token"
)

var _ token.Keyring = (*keyringtest.MemKeyring)(nil)

var errDown = errors.New("keyring is down")

func TestMemKeyring(t *testing.T) {
	k := keyringtest.New(token.ErrNoSecret)
	if _, err := k.Get("x"); !errors.Is(err, token.ErrNoSecret) {
		t.Errorf("Get of nothing: %v", err)
	}
	secret := []byte{1, 2, 3}
	if err := k.Set("x", secret); err != nil {
		t.Fatal(err)
	}
	secret[0] = 9 // the keyring keeps its own copy
	got, err := k.Get("x")
	if err != nil || !bytes.Equal(got, []byte{1, 2, 3}) {
		t.Fatalf("Get: %v, %v", got, err)
	}
	got[1] = 9
	if again, _ := k.Get("x"); !bytes.Equal(again, []byte{1, 2, 3}) {
		t.Error("Get handed out the keyring's own bytes")
	}
	if err := k.Delete("x"); err != nil || k.Len() != 0 {
		t.Errorf("Delete: %v, %d left", err, k.Len())
	}
	if err := k.Delete("x"); err != nil {
		t.Errorf("Delete of nothing: %v", err)
	}
	k.Fail = errDown
	for name, err := range map[string]error{"Set": k.Set("y", secret), "Delete": k.Delete("y")} {
		if !errors.Is(err, errDown) {
			t.Errorf("%s with Fail: %v", name, err)
		}
	}
	if _, err := k.Get("y"); !errors.Is(err, errDown) {
		t.Errorf("Get with Fail: %v", err)
	}
}

func TestFailSetAfter(t *testing.T) {
	k := keyringtest.New(token.ErrNoSecret)
	k.FailSetAfter(2, errDown)
	for i, want := range []error{nil, nil, errDown, errDown} {
		if err := k.Set(string(rune('a'+i)), []byte{1}); !errors.Is(err, want) {
			t.Errorf("Set %d: %v, want %v", i+1, err, want)
		}
	}
	if k.Len() != 2 {
		t.Errorf("%d secrets kept, want 2", k.Len())
	}
}

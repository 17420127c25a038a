package running

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gofrs/flock"

	"github.com/otptray/otptray/internal/msg"
)

func holdLock(t *testing.T, dir string) {
	t.Helper()
	lock := flock.New(filepath.Join(dir, LockFile))
	if ok, err := lock.TryLock(); err != nil || !ok {
		t.Fatalf("lock: %v %v", ok, err)
	}
	t.Cleanup(func() { lock.Unlock() })
}

// TestRoundTrip: what the tray writes is what otptray-cli reads, the
// reason of a refusal included, message by message.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	holdLock(t, dir)
	cause := msg.New("desktop.hotkey.register", msg.New("desktop.hotkey.taken", errors.New("BadAccess")), "Hotkey", "Super+Alt+T")
	want := Hotkeys{Hotkeys: []Hotkey{
		{Setting: "hotkey", Combo: "Win+Alt+O", Held: true},
		Refused("type-hotkey", "", "Win+Alt+T", cause),
		Refused("copy-hotkey", "bank", "Win+Alt+4", errors.New("plain")),
	}}
	if err := WriteHotkeys(dir, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := ReadHotkeys(dir)
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadHotkeys = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	r, _ := got.Find("type-hotkey", "")
	if r.Err().Error() != cause.Error() {
		t.Errorf("reason %q, want %q", r.Err(), cause)
	}
	if r, _ := got.Find("copy-hotkey", "bank"); r.Err().Error() != "plain" {
		t.Errorf("plain reason %q", r.Err())
	}
	if h, _ := got.Find("hotkey", ""); h.Err() != nil {
		t.Errorf("held hotkey has a reason: %v", h.Err())
	}
	if _, ok := got.Find("copy-hotkey", ""); ok {
		t.Error("found a program setting that is a token's")
	}
}

// TestNotCurrent: without a running tray (no one holds its lock) a status
// file left behind is not read; RemoveHotkeys removes it.
func TestNotCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := WriteHotkeys(dir, Hotkeys{Hotkeys: []Hotkey{{Setting: "hotkey", Combo: "Win+Alt+O", Held: true}}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadHotkeys(dir); ok || err != nil {
		t.Errorf("no lock file: ok %v, %v", ok, err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err == nil {
		t.Error("asking created the lock file")
	}
	if err := os.WriteFile(filepath.Join(dir, LockFile), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadHotkeys(dir); ok || err != nil {
		t.Errorf("lock free: ok %v, %v", ok, err)
	}
	holdLock(t, dir)
	if st, ok, err := ReadHotkeys(dir); !ok || err != nil || len(st.Hotkeys) != 1 {
		t.Errorf("lock held: %+v, ok %v, %v", st, ok, err)
	}
	if err := RemoveHotkeys(dir); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadHotkeys(dir); ok || err != nil {
		t.Errorf("after RemoveHotkeys: ok %v, %v", ok, err)
	}
	if err := RemoveHotkeys(dir); err != nil {
		t.Errorf("second RemoveHotkeys: %v", err)
	}
}

// TestBadFile: a damaged status file is an error that names it.
func TestBadFile(t *testing.T) {
	dir := t.TempDir()
	holdLock(t, dir)
	if err := os.WriteFile(filepath.Join(dir, hotkeysFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadHotkeys(dir); ok || err == nil {
		t.Errorf("damaged file: ok %v, %v", ok, err)
	}
}

package tray

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/desktop"
)

// holdTrayLock holds the running tray's lock on dir, as Run does, so
// that package running reads the status as current.
func holdTrayLock(t *testing.T, dir string) {
	t.Helper()
	lock := flock.New(filepath.Join(dir, running.LockFile))
	if ok, err := lock.TryLock(); err != nil || !ok {
		t.Fatalf("lock: %v %v", ok, err)
	}
	t.Cleanup(func() { lock.Unlock() })
}

func readStatus(t *testing.T, dir string) running.Hotkeys {
	t.Helper()
	st, ok, err := running.ReadHotkeys(dir)
	if err != nil || !ok {
		t.Fatalf("ReadHotkeys: %v, %v", ok, err)
	}
	return st
}

// TestRefusedHotkeysNotifiedAndWritten: a hotkey the system refuses is
// named in one notification (not again on a reload that is refused the
// same) and written to the status file with the reason; the status follows
// the next change, and goes with the program.
func TestRefusedHotkeysNotifiedAndWritten(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	holdTrayLock(t, h.store.Dir)
	taken := func(combo string) error {
		return msg.New("desktop.hotkey.register", msg.New("desktop.hotkey.taken", nil), "Hotkey", desktop.HotkeyLabel(combo))
	}
	h.sys.hotkeyErr = map[string]error{prefs.DefaultTypeHotkey: taken(prefs.DefaultTypeHotkey), "Win+Alt+5": taken("Win+Alt+5")}
	h.setPrefs(func(p *prefs.Prefs) { p.SetToken("bank", prefs.TokenPrefs{CopyHotkey: "Win+Alt+4"}) })
	now := unix(vecBoundary - 10)
	h.start(now)
	h.settle()
	want := desktop.HotkeyLabel(prefs.DefaultTypeHotkey) + " is not registered, so the type hotkey is off: another program has taken this combination."
	if len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, want) {
		t.Fatalf("toasts %v, want one saying %q", h.sys.toasts, want)
	}
	st := readStatus(t, h.store.Dir)
	if got, ok := st.Find("hotkey", ""); !ok || !got.Held || got.Combo != desktop.DefaultHotkey {
		t.Errorf("copy hotkey: %+v", got)
	}
	if got, ok := st.Find("copy-hotkey", "bank"); !ok || !got.Held || got.Combo != "Win+Alt+4" {
		t.Errorf("bank's copy hotkey: %+v", got)
	}
	got, ok := st.Find("type-hotkey", "")
	var m *msg.Error
	if !ok || got.Held || got.Combo != prefs.DefaultTypeHotkey || !errors.As(got.Err(), &m) || m.ID != "desktop.hotkey.taken" {
		t.Errorf("type hotkey: %+v (%v)", got, got.Err())
	}

	// A reload (another setting changed) that is refused the same says
	// nothing more.
	h.setPrefs(func(p *prefs.Prefs) { p.Notify = "off" })
	h.refresh(now.Add(time.Second))
	if len(h.sys.toasts) != 1 {
		t.Errorf("a lasting refusal is notified again: %v", h.sys.toasts)
	}
	// A new refusal is.
	h.setPrefs(func(p *prefs.Prefs) { p.SetToken("bank", prefs.TokenPrefs{CopyHotkey: "Win+Alt+5"}) })
	h.refresh(now.Add(2 * time.Second))
	want = desktop.HotkeyLabel("Win+Alt+5") + ` is not registered, so the copy hotkey of "Bank" is off`
	if len(h.sys.toasts) != 2 || !strings.Contains(h.sys.toasts[1].body, want) || strings.Contains(h.sys.toasts[1].body, "the type hotkey") {
		t.Errorf("toasts %v, want a second one saying only %q", h.sys.toasts, want)
	}
	h.settle()
	if got, _ := readStatus(t, h.store.Dir).Find("copy-hotkey", "bank"); got.Held || got.Combo != "Win+Alt+5" {
		t.Errorf("bank's copy hotkey after the change: %+v", got)
	}

	h.app.stop()
	if _, err := os.Stat(filepath.Join(h.store.Dir, "otptray.hotkeys.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the status file outlives the program: %v", err)
	}
}

package prefs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/token"
)

// oldFile is a tokens file as versions that kept every preference in
// token.Settings wrote it.
const oldFile = `{
  "schema": 1,
  "revision": 7,
  "tokens": [],
  "settings": {
    "language": "ja",
    "hide_credential_id": true,
    "hotkey_off": true,
    "hotkey": "Win+Alt+Y",
    "notify": "change",
    "clear_after": 15,
    "left_click": "menu",
    "autostart_off": true,
    "first_run_done": true,
    "clock_offset": -37,
    "clock_source": "ntp:pool.ntp.org",
    "clock_checked": "2026-11-25T09:00:00Z",
    "last_backup": "2026-11-01T08:00:00Z",
    "backup_reminded": "2026-11-20T08:00:00Z",
    "update_check_off": true,
    "update_feed": "https://example.com/feed",
    "update_checked": "2026-11-24T10:00:00Z"
  }
}`

var want = Prefs{
	HideCredentialID: true, HotkeyOff: true, Hotkey: "Win+Alt+Y", Notify: "change", ClearAfter: 15,
	LeftClick: "menu", AutostartOff: true, FirstRunDone: true,
	BackupReminded: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
	UpdateCheckOff: true, UpdateChecked: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC),
}

func openOld(t *testing.T) *token.Store {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, token.FileName), []byte(oldFile), 0o600); err != nil {
		t.Fatal(err)
	}
	return token.Open(dir, keyringtest.New(token.ErrNoSecret))
}

func settingsObject(t *testing.T, store *token.Store) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Settings map[string]any }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f.Settings
}

// TestOldFileReads: the preferences moved out of token.Settings read from
// the same keys, and the shared settings stay where they were.
func TestOldFileReads(t *testing.T) {
	d, err := openOld(t).Load()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Of(d.Settings)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Of = %+v, %v; want %+v", got, err, want)
	}
	// The preferences newer than the file read as their defaults.
	if got.TypeMinLeftSeconds() != DefaultTypeMinLeft || got.TypeHotkeyOff || got.ClearAfterPaste || got.Tokens != nil ||
		got.Token("any").TemplateOf() != DefaultTemplate {
		t.Errorf("new preferences of an old file: %+v", got)
	}
	s := d.Settings
	if s.Language != "ja" || s.ClockOffset != -37 || s.UpdateFeed != "https://example.com/feed" || s.LastBackup.IsZero() {
		t.Errorf("shared settings %+v", s)
	}
}

// TestOtherProgramKeepsPreferences: a program that knows only token.Settings
// (otptray-cli backup setting LastBackup) writes the tray's keys back as
// they were.
func TestOtherProgramKeepsPreferences(t *testing.T) {
	store := openOld(t)
	before := settingsObject(t, store)
	backup := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if err := store.Update(func(d *token.Data) error { d.Settings.LastBackup = backup; return nil }); err != nil {
		t.Fatal(err)
	}
	after := settingsObject(t, store)
	for k, v := range before {
		if k == "last_backup" {
			continue
		}
		if after[k] != v {
			t.Errorf("%s: %v after the update, was %v", k, after[k], v)
		}
	}
	if after["last_backup"] != "2026-12-01T09:00:00Z" || len(after) != len(before) {
		t.Errorf("settings after the update: %v", after)
	}
}

// TestChange: a preference set to its default leaves the file, others
// stay, keys of neither kind (a newer version's) are kept.
func TestChange(t *testing.T) {
	store := openOld(t)
	if err := store.Update(func(d *token.Data) error {
		d.Settings.Other["from_a_newer_version"] = json.RawMessage(`{"x":1}`)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := store.Update(Change(func(p *Prefs) { p.Notify, p.ClearAfter = "", 60 })); err != nil {
		t.Fatal(err)
	}
	s := settingsObject(t, store)
	if _, ok := s["notify"]; ok {
		t.Errorf("notify at its default still written: %v", s)
	}
	if s["clear_after"] != 60.0 || s["hotkey"] != "Win+Alt+Y" || s["language"] != "ja" {
		t.Errorf("settings after the change: %v", s)
	}
	if v, ok := s["from_a_newer_version"].(map[string]any); !ok || v["x"] != 1.0 {
		t.Errorf("unknown key lost: %v", s)
	}
}

// TestBadPreference: a preference of the wrong type is an error that names
// the tray's settings, and the shared settings still read.
func TestBadPreference(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(oldFile, `"clear_after": 15`, `"clear_after": "soon"`, 1)
	if err := os.WriteFile(filepath.Join(dir, token.FileName), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := token.Open(dir, keyringtest.New(token.ErrNoSecret)).Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Of(d.Settings); err == nil || !strings.Contains(err.Error(), "tray settings") {
		t.Errorf("Of = %v, want an error about the tray settings", err)
	}
	if d.Settings.Language != "ja" {
		t.Errorf("language %q", d.Settings.Language)
	}
}

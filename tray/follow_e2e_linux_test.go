package tray_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/follow"
	"github.com/otptray/otptray/token/transfer"
)

// TestFollowEndToEnd follows an Aegis backup from a running otptray (the
// file copied as a file manager copies it) and sees a token the phone adds
// appear in the menu, without a click; then, as otptray-cli follow would,
// an encrypted backup with its password kept in the session's keyring.
func TestFollowEndToEnd(t *testing.T) {
	e2e.Require(t)
	store := newStore(t, prefs.Prefs{FirstRunDone: true, AutostartOff: true, UpdateCheckOff: true})
	t.Cleanup(func() { follow.Stop(store) }) // takes the password out of the keyring
	backup := func(issuers ...string) []token.Token {
		var toks []token.Token
		for _, is := range issuers {
			tok := newToken("", 30)
			tok.Issuer, tok.Account = is, "me"
			tok.Secret = []byte(is + "-secret-0123456789")
			if err := tok.Validate(); err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tok)
		}
		return toks
	}
	path := filepath.Join(t.TempDir(), "Sync", "aegis-backup.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(toks []token.Token) {
		b, err := transfer.EncodeAegis(toks, nil)
		if err != nil {
			t.Fatal(err)
		}
		// As a sync client: the new version under a temp name, renamed over.
		if err := os.WriteFile(path+".syncing", b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(path+".syncing", path); err != nil {
			t.Fatal(err)
		}
	}
	write(backup("GitHub"))

	watcher := e2e.WatchNotifications(t)
	p := startTray(t, store, "OTPTRAY_NTP_SERVERS=off", "OTPTRAY_TIME_URL=off", "OTPTRAY_UPDATE_FEED=http://127.0.0.1:1/none")

	e2e.SetClipboard(t, "file://"+path+"\n")
	p.menu.Click(t, waitItem(t, p, "Follow a backup file (path on the clipboard)…").ID)
	watcher.Wait(t, "Following aegis-backup.json.", 20*time.Second)
	p.menu.WaitLabel(t, prefix("GitHub (me) ↻  "), 10*time.Second)
	p.menu.WaitLabel(t, prefix("Following aegis-backup.json (read "), 10*time.Second)

	// The phone writes a new backup with one more token.
	start := time.Now()
	write(backup("GitHub", "Google"))
	watcher.Wait(t, "aegis-backup.json: added 1, renamed 0, updated 0.", 30*time.Second)
	p.menu.WaitLabel(t, prefix("Google (me) ↻  "), 10*time.Second)
	t.Logf("file written to entry shown: %v", time.Since(start))
	if !bytes.Equal(storedSecret(t, store, "Google (me)"), []byte("Google-secret-0123456789")) {
		t.Error("the stored secret differs from the backup's")
	}

	// A half-written version changes nothing, then the whole one drops GitHub.
	whole, err := transfer.EncodeAegis(backup("Google"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, whole[:len(whole)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := os.WriteFile(path, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	watcher.Wait(t, "1 token is no longer in the backup", 30*time.Second)
	p.menu.WaitLabel(t, prefix("GitHub (me) (not in the backup)  "), 10*time.Second)
	for _, n := range watcher.All() {
		if strings.Contains(n.Body, "cannot be read") {
			t.Errorf("the half file was reported: %q", n.Body)
		}
	}
	p.menu.Click(t, waitItem(t, p, "Remove 1 token no longer in the backup").ID)
	watcher.Wait(t, "Removed 1 token no longer in the backup.", 10*time.Second)

	// otptray-cli follow on an encrypted backup, while the tray runs.
	enc := filepath.Join(filepath.Dir(path), "2fa.json")
	b, err := transfer.EncodeAegis(backup("Dropbox"), []byte("test"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(enc, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := follow.Start(store, enc); err != nil {
		t.Fatal(err)
	}
	if err := follow.KeepPassword(store, []byte("test")); err != nil {
		t.Fatal(err)
	}
	watcher.Wait(t, "2fa.json: added 1, renamed 0, updated 0.", 30*time.Second)
	p.menu.WaitLabel(t, prefix("Dropbox (me) ↻  "), 10*time.Second)
	// The tokens of the file followed before are ordinary ones now.
	p.menu.WaitLabel(t, prefix("Google (me)  "), 10*time.Second)
	p.quit(t)
}

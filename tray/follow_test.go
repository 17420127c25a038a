package tray

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/follow"
	"github.com/otptray/otptray/token/transfer"
	"github.com/otptray/otptray/tray/menu"
)

// writeAegis replaces path with a plain Aegis vault of toks, as a sync
// client does: a temp file renamed over it.
func writeAegis(t *testing.T, path string, toks ...token.Token) {
	t.Helper()
	b, err := transfer.EncodeAegis(toks, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".tmp", b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

func backupToken(t *testing.T, issuer, sec string) token.Token {
	t.Helper()
	tk := token.Token{Issuer: issuer, Account: "me", Secret: []byte(sec)}
	if err := tk.Validate(); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestFollowFromTheTray(t *testing.T) {
	now := unix(vecBoundary - 10)
	h, ft := newTransferHarness(t)
	h.app.fol.settle = 50 * time.Millisecond
	t.Cleanup(func() {
		if h.app.fol.cancel != nil {
			h.app.fol.cancel()
		}
	})
	path := filepath.Join(t.TempDir(), "aegis-backup.json")
	gh, gg := backupToken(t, "GitHub", "github-secret"), backupToken(t, "Google", "google-secret")
	writeAegis(t, path, gh)
	h.start(now)

	// Not a path on the clipboard: told what to copy, nothing changes.
	ft.clip = "hello"
	h.click(menu.KeyFollowStart, now)
	if got := lastToast(t, ft); !strings.Contains(got.body, "copy the backup file in your file manager") {
		t.Fatalf("toast %+v", got)
	}
	if h.settings(t).Follow != nil {
		t.Fatal("followed without a file")
	}

	// A file copied in the file manager: a file:// URI.
	ft.clip = fileURL(path)
	h.click(menu.KeyFollowStart, now)
	if got := lastToast(t, ft); got.body != "Following aegis-backup.json.\naegis-backup.json: added 1, renamed 0, updated 0.\nNew: GitHub (me)" {
		t.Fatalf("start toast %q", got.body)
	}
	if f := h.settings(t).Follow; f == nil || f.File != path {
		t.Fatalf("setting: %+v", f)
	}
	h.refresh(now)
	if l := h.ui.label(t, menu.KeyCode+h.app.keys.data.Tokens[0].ID); !strings.HasPrefix(l, "GitHub (me) ↻") {
		t.Fatalf("the followed token's line: %q", l)
	}
	if l := h.ui.label(t, menu.KeyFollowState); !strings.HasPrefix(l, "Following aegis-backup.json") {
		t.Fatalf("state line: %q", l)
	}
	toasts := len(ft.toasts)
	h.next(t, now) // the watcher's first read: nothing new
	if len(ft.toasts) != toasts {
		t.Fatalf("a read without changes toasts: %v", ft.toasts[toasts:])
	}

	// The phone adds a token.
	writeAegis(t, path, gh, gg)
	h.next(t, now)
	h.refresh(now)
	if got := lastToast(t, ft); got.body != "aegis-backup.json: added 1, renamed 0, updated 0.\nNew: Google (me)" {
		t.Fatalf("toast after a change: %q", got.body)
	}
	if n := len(h.app.keys.data.Tokens); n != 2 {
		t.Fatalf("%d tokens in the menu", n)
	}

	// And drops one: only marked; the entry to remove it.
	writeAegis(t, path, gg)
	h.next(t, now)
	h.refresh(now)
	if got := lastToast(t, ft); !strings.Contains(got.body, "1 token is no longer in the backup") {
		t.Fatalf("toast after a removal: %q", got.body)
	}
	if l := h.ui.label(t, menu.KeyFollowPrune); l != "Remove 1 token no longer in the backup" {
		t.Fatalf("prune entry: %q", l)
	}
	if n := len(h.app.keys.data.Tokens); n != 2 {
		t.Fatalf("a token gone from the backup was removed: %d tokens", n)
	}
	h.click(menu.KeyFollowPrune, now)
	h.refresh(now)
	if d, _ := h.store.Load(); len(d.Tokens) != 1 || d.Tokens[0].Issuer != "Google" {
		t.Fatalf("after prune: %+v", d.Tokens)
	}

	// otptray-cli follow --off while the tray runs: the watcher stops.
	if _, err := follow.Stop(h.store); err != nil {
		t.Fatal(err)
	}
	h.refresh(now)
	if h.app.fol.watching != "" {
		t.Fatalf("still watching %q", h.app.fol.watching)
	}
	// otptray-cli follow FILE: the watcher starts again; Stop in the menu.
	if err := follow.Start(h.store, path); err != nil {
		t.Fatal(err)
	}
	h.refresh(now)
	if h.app.fol.watching != path {
		t.Fatalf("watching %q, want %q", h.app.fol.watching, path)
	}
	h.click(menu.KeyFollowStop, now)
	h.refresh(now)
	if h.app.fol.watching != "" || h.settings(t).Follow != nil {
		t.Fatalf("still following: %q", h.app.fol.watching)
	}
}

func TestClipboardPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "my backup.json")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, clip, want string // want "" for an error
	}{
		{"a path", "  " + file + "\n", file},
		{"a quoted path", `"` + file + `"`, file},
		{"a file URI, escaped", fileURL(file), file},
		{"a copied file (GNOME's form)", "copy\n" + fileURL(file) + "\n", file},
		{"a relative path", "my backup.json", ""},
		{"a folder", dir, ""},
		{"a missing file", filepath.Join(dir, "nope.json"), ""},
		{"another host", "file://server/share/backup.json", ""},
		{"nothing", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clipboardPath(tt.clip)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("clipboardPath(%q) = %q, want an error", tt.clip, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("clipboardPath(%q) = %q, %v; want %q", tt.clip, got, err, tt.want)
			}
		})
	}
}

// A backup file that asks for more key-derivation work than an import may
// do is refused at once, in words, and is not followed.
func TestFollowRefusesCostlyFile(t *testing.T) {
	now := unix(vecBoundary - 10)
	h, ft := newTransferHarness(t)
	path := filepath.Join(t.TempDir(), "costly.json")
	// An encrypted Aegis vault whose slot asks for scrypt at its bounds
	// (256 MiB, p = 16): about half a minute of work on a slow computer.
	vault := `{"version":1,"header":{"slots":[{"type":1,"uuid":"u","key":"` + strings.Repeat("00", 32) +
		`","key_params":{"nonce":"` + strings.Repeat("00", 12) + `","tag":"` + strings.Repeat("00", 16) +
		`"},"n":262144,"r":8,"p":16,"salt":"` + strings.Repeat("00", 32) + `"}],"params":{"nonce":"` +
		strings.Repeat("00", 12) + `","tag":"` + strings.Repeat("00", 16) + `"}},"db":"AAAA"}`
	if err := os.WriteFile(path, []byte(vault), 0o600); err != nil {
		t.Fatal(err)
	}
	h.start(now)
	ft.clip = fileURL(path)
	h.click(menu.KeyFollowStart, now)
	if got := lastToast(t, ft); !strings.Contains(got.body, "asks for far more password-key work than otptray does for one import") {
		t.Fatalf("toast %q", got.body)
	}
	if f := h.settings(t).Follow; f != nil {
		t.Fatalf("followed: %+v", f)
	}
}

//go:build !windows && !darwin

package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeXDGOpen puts an xdg-open first in PATH that appends its arguments to
// a log file and exits with status, and returns the log's path.
func fakeXDGOpen(t *testing.T, status int) string {
	t.Helper()
	bin := t.TempDir()
	log := filepath.Join(bin, "log")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + log + "'; done\nexit " + string(rune('0'+status)) + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func TestOpenURL(t *testing.T) {
	log := fakeXDGOpen(t, 0)
	urls := []string{
		"https://github.com/otptray/otptray#readme",
		"http://127.0.0.1:8080/help?a=1&b=2",
		"mailto:help@example.com",
		"file:///usr/share/doc/otptray/index.html",
	}
	for _, u := range urls {
		if err := OpenURL(u); err != nil {
			t.Errorf("OpenURL(%q): %v", u, err)
		}
	}
	got, _ := os.ReadFile(log)
	if want := strings.Join(urls, "\n") + "\n"; string(got) != want {
		t.Errorf("xdg-open got\n%s\nwant\n%s", got, want)
	}
}

func TestOpenURLRefused(t *testing.T) {
	log := fakeXDGOpen(t, 0)
	tests := []struct{ url, err string }{
		{"javascript:alert(1)", `could not open javascript:alert(1): otptray opens only http, https, mailto and file addresses, not "javascript"`},
		{"otpauth://totp/x?secret=JBSWY3DP", ""},
		{"/etc/passwd", ""},
		{"-x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		err := OpenURL(tt.url)
		if err == nil {
			t.Errorf("OpenURL(%q) opened it", tt.url)
			continue
		}
		if tt.err != "" && inEnglish(err) != tt.err {
			t.Errorf("OpenURL(%q): %v\nwant %s", tt.url, err, tt.err)
		}
	}
	if _, err := os.Stat(log); !os.IsNotExist(err) {
		t.Error("xdg-open ran for a refused URL")
	}
}

func TestOpenFile(t *testing.T) {
	log := fakeXDGOpen(t, 0)
	dir := t.TempDir()
	page := filepath.Join(dir, "help page.html")
	if err := os.WriteFile(page, []byte("<p>help</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := OpenFile("help page.html"); err != nil {
		t.Fatal(err)
	}
	if err := OpenFile(dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(log)
	if want := page + "\n" + dir + "\n"; string(got) != want {
		t.Errorf("xdg-open got\n%s\nwant\n%s", got, want)
	}
	if err := OpenFile(filepath.Join(dir, "missing.html")); err == nil {
		t.Error("OpenFile of a missing file succeeded")
	}
}

func TestOpenFails(t *testing.T) {
	fakeXDGOpen(t, 4) // xdg-open: "the action failed"
	err := OpenURL("https://example.com/")
	if want := "could not open https://example.com/: xdg-open: exit status 4"; err == nil || inEnglish(err) != want {
		t.Errorf("OpenURL with a failing xdg-open: %v, want %s", err, want)
	}
	// xdg-open's status 3, "a required tool could not be found", is what a
	// desktop with no browser or file manager set gives.
	fakeXDGOpen(t, 3)
	if got, want := inEnglish(OpenURL("https://example.com/")), "No program is set to open web pages; the page is at https://example.com/\n"; !strings.HasPrefix(got, want) {
		t.Errorf("OpenURL with no browser: %q, want %q", got, want)
	}
	if got, want := inEnglish(OpenFile(t.TempDir())), "No program is set to show folders"; !strings.HasPrefix(got, want) {
		t.Errorf("OpenFile of a folder with no file manager: %q", got)
	}
	t.Setenv("PATH", t.TempDir())
	if err := OpenURL("https://example.com/"); err == nil {
		t.Error("OpenURL without xdg-open succeeded")
	}
}

//go:build !windows && !darwin

package desktop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

// TestNotifyChild is the child process of TestNotifyNeverRunsAProgram.
func TestNotifyChild(t *testing.T) {
	if os.Getenv("OTPTRAY_TEST_NOTIFY_CHILD") == "" {
		t.Skip("run by TestNotifyNeverRunsAProgram")
	}
	if err := Notify("otptray", "New code for VIP Access: 654 321"); err != nil {
		fmt.Println("failed")
		os.Exit(0)
	}
	fmt.Println("shown")
	os.Exit(0)
}

// Without a session bus, a notification fails: it is not handed to a
// program (notify-send, kdialog) that would carry the code in its command
// line, where any user's ps reads it.
func TestNotifyNeverRunsAProgram(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	ran := filepath.Join(dir, "ran")
	for _, name := range []string{"notify-send", "kdialog", "gdbus", "dbus-send"} {
		script := "#!/bin/sh\necho " + name + " >> " + ran + "\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(exe, "-test.run=^TestNotifyChild$")
	cmd.Env = append(os.Environ(),
		"OTPTRAY_TEST_NOTIFY_CHILD=1",
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(dir, "no-bus"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "failed" {
		t.Errorf("child says %q, want failed (there is no session bus)", got)
	}
	if b, err := os.ReadFile(ran); err == nil {
		t.Errorf("the notification started %s", strings.Join(strings.Fields(string(b)), ", "))
	}
}

// The notification server of the test session (dunst) reads bodies as
// markup: a name with & or < arrives escaped, so it shows as written.
func TestNotifyEscapesMarkup(t *testing.T) {
	e2e.Require(t)
	w := e2e.WatchNotifications(t)
	if err := Notify("otptray", "New code for AT&T <b>Bank</b>: 654 321"); err != nil {
		t.Fatal(err)
	}
	n := w.Wait(t, "654 321", 10*time.Second)
	if want := "New code for AT&amp;T &lt;b&gt;Bank&lt;/b&gt;: 654 321"; n.Body != want {
		t.Errorf("body %q, want %q", n.Body, want)
	}
	if n.Summary != "otptray" {
		t.Errorf("summary %q, want otptray", n.Summary)
	}
}

func TestEscapeMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AT&T", "AT&amp;T"},
		{"<a href=\"https://x\">x</a>", "&lt;a href=\"https://x\"&gt;x&lt;/a&gt;"},
		{"&amp;", "&amp;amp;"},
		{"VIP Access の新しいコード: 123 456", "VIP Access の新しいコード: 123 456"},
	}
	for _, tt := range tests {
		if got := escapeMarkup(tt.in); got != tt.want {
			t.Errorf("escapeMarkup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

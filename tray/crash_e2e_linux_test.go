package tray_test

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
)

// TestCrashReportEndToEnd: a panic in a goroutine of the running tray (the
// test build's trigger, which panics with the token's secret and code in
// its arguments and message) ends it with a non-zero status and leaves
// crash-<time>.txt in the data folder without the secret or the code; the
// next start says so in a notification that names the report.
func TestCrashReportEndToEnd(t *testing.T) {
	e2e.Require(t)
	tok := newToken("Crashy", 30)
	store := newStore(t, prefs.Prefs{FirstRunDone: true, AutostartOff: true}, &tok)

	bin := e2e.BuildTaggedBinary(t, trayPkg, "crashtest")
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "OTPTRAY_CONFIG_DIR="+store.Dir, "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "OTPTRAY_TEST_CRASH=1")
	// The program's own output holds the panic as the runtime prints it,
	// secret and all: it is read, never logged.
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// A helper the tray started may hold the output open after the crash.
	cmd.WaitDelay = 2 * time.Second
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var err error
	done := make(chan struct{})
	go func() {
		err = cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			<-done
		}
	})
	e2e.FindMenu(t, cmd.Process.Pid, 20*time.Second)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the test build did not crash within 30 s")
	}
	crashed := time.Now()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() <= 0 {
		t.Fatalf("the crashed tray exited with %v, want a non-zero status", err)
	}
	if !strings.Contains(out.String(), "crash test: code ") {
		t.Fatal("the tray ended, but not by the test's panic")
	}

	// The next start makes the report and says where it is.
	e2e.CloseNotifications(t)
	watcher := e2e.WatchNotifications(t)
	p := startTray(t, store)
	n := watcher.Wait(t, "A report, which holds none of your tokens or codes, is at ", 10*time.Second)
	if n.Summary != "otptray stopped unexpectedly" {
		t.Errorf("notification title %q", n.Summary)
	}
	reports, _ := filepath.Glob(filepath.Join(store.Dir, "crash-*.txt"))
	if len(reports) != 1 || !strings.Contains(n.Body, reports[0]) {
		t.Fatalf("reports %v; the notification says %q", reports, n.Body)
	}
	data, err := os.ReadFile(reports[0])
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	for _, want := range []string{"otptray ", "panic: crash test: code [removed], secret [removed] [removed]", "main.crashWith(...)", "goroutine "} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	leaks := map[string]string{
		"base32 secret": base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(tok.Secret),
		"hex secret":    hex.EncodeToString(tok.Secret),
		"secret bytes":  strings.Trim(fmt.Sprint(tok.Secret), "[]"),
		"raw secret":    string(tok.Secret),
	}
	// The code of every window the crash may have fallen in.
	for at := started.Add(-30 * time.Second); at.Before(crashed.Add(30 * time.Second)); at = at.Add(10 * time.Second) {
		w, err := tok.WindowAt(at, 0)
		if err != nil {
			t.Fatal(err)
		}
		leaks["code "+w.Code] = w.Code
	}
	for what, s := range leaks {
		if strings.Contains(strings.ToUpper(report), strings.ToUpper(s)) {
			t.Errorf("the report holds the %s", what)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(store.Dir, ".crash-pending-*")); len(left) != 1 {
		t.Errorf("pending files while the tray runs: %v, want its own one", left)
	}
	p.quit(t)
	if left, _ := filepath.Glob(filepath.Join(store.Dir, ".crash-pending-*")); len(left) != 0 {
		t.Errorf("pending files after Quit: %v", left)
	}
}

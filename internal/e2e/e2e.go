// Package e2e helps end-to-end tests drive the desktop parts of otptray: the
// clipboard and keyboard (through xclip and xdotool), notifications (through
// dbus-monitor) and the tray menu (through D-Bus). It is imported only by
// _test.go files.
//
// These tests need a desktop session with a Secret Service and a
// notification daemon. scripts/headless-session makes a throwaway one and
// sets OTPTRAY_E2E=1; `make test` runs all tests inside it.
package e2e

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Require skips the test unless it runs inside a desktop session prepared
// for it (OTPTRAY_E2E=1). Under CI it fails instead, so that end-to-end tests
// are never skipped unnoticed there.
//
// Require also makes the tests that call it take turns, across all the test
// processes of one `go test ./...`: they share one display, clipboard,
// keyboard and notification daemon. A subtest whose parent holds the turn
// doesn't wait for it.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv("OTPTRAY_E2E") != "1" {
		if inCI() {
			t.Fatal("end-to-end test under CI without OTPTRAY_E2E=1: run it through scripts/headless-session (make test)")
		}
		t.Skip("end-to-end test: needs a desktop session; run `make test`, or scripts/headless-session go test ./...")
	}
	if runtime.GOOS == "linux" {
		for _, v := range []string{"DISPLAY", "DBUS_SESSION_BUS_ADDRESS"} {
			if os.Getenv(v) == "" {
				t.Fatalf("OTPTRAY_E2E=1 but %s is empty: run the test through scripts/headless-session", v)
			}
		}
	}
	takeTurn(t)
}

var (
	turnMu sync.Mutex
	turns  = map[string]bool{} // names of the tests that hold the desktop
)

// takeTurn holds the desktop lock until t ends, unless t or a test above it
// already holds it.
func takeTurn(t testing.TB) {
	t.Helper()
	turnMu.Lock()
	name := t.Name()
	for prefix := name; ; {
		if turns[prefix] {
			turnMu.Unlock()
			return
		}
		i := strings.LastIndex(prefix, "/")
		if i < 0 {
			break
		}
		prefix = prefix[:i]
	}
	turnMu.Unlock()

	lockDesktop(t, filepath.Join(lockDir(), "otptray-e2e.lock"))
	turnMu.Lock()
	turns[name] = true
	turnMu.Unlock()
	t.Cleanup(func() {
		turnMu.Lock()
		delete(turns, name)
		turnMu.Unlock()
	})
}

// inCI reports whether the CI variable is set to something true, as CI
// services do (CI=true, CI=1).
func inCI() bool {
	switch strings.ToLower(os.Getenv("CI")) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// lockDir is the session's own runtime folder when there is one, so that two
// sessions don't wait for each other.
func lockDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return d
	}
	return os.TempDir()
}

package tray_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
)

// TestQuitFlag: otptray --quit ends the running tray cleanly (exit status
// 0, its single-instance file removed as its own Quit does) and returns only
// once it has ended; run again, it says that none runs, also with status 0.
func TestQuitFlag(t *testing.T) {
	e2e.Require(t)
	tok := newToken("Quit Me", 30)
	store := newStore(t, prefs.Prefs{}, &tok)
	p := startTray(t, store)
	p.wholeMenu(t)

	quit := func() (string, int) {
		t.Helper()
		cmd := exec.Command(p.cmd.Path, "--quit")
		cmd.Env = p.cmd.Env
		out, err := cmd.CombinedOutput()
		if _, failed := err.(*exec.ExitError); err != nil && !failed {
			t.Fatal(err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}
	out, status := quit()
	if out != "otptray has quit.\n" || status != 0 {
		t.Errorf("otptray --quit with the tray running: status %d, output %q; want 0, %q", status, out, "otptray has quit.\n")
	}
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("the tray exited with %v after --quit", p.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("otptray --quit returned but the tray still runs")
	}
	if _, err := os.Stat(filepath.Join(store.Dir, "otptray.instance")); !os.IsNotExist(err) {
		t.Errorf("the tray's instance file is still there after --quit (%v): it did not quit through its clean-up", err)
	}

	out, status = quit()
	if out != "otptray is not running.\n" || status != 0 {
		t.Errorf("otptray --quit with none running: status %d, output %q; want 0, %q", status, out, "otptray is not running.\n")
	}
}

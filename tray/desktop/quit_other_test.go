//go:build !windows

package desktop

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAskToQuit: otptray --quit's part. With nobody running it says so at
// once; a running primary is asked, quits, and AskToQuit returns only once
// its process has ended. (Unix only, for the check by signal 0; on Windows
// the installer test under Wine runs --quit against the installed tray.)
func TestAskToQuit(t *testing.T) {
	dir := t.TempDir()
	if running, err := AskToQuit(dir, 5*time.Second); running || err != nil {
		t.Fatalf("with nobody running: AskToQuit = %v, %v; want false, nil", running, err)
	}
	if running, err := AskToQuit(dir+"/never-made", 5*time.Second); running || err != nil {
		t.Fatalf("without a data folder: AskToQuit = %v, %v; want false, nil", running, err)
	}

	primary := startChild(t, "wait", dir)
	primary.expect(t, "primary")
	// Reap the child as soon as it ends (an unreaped child still counts as
	// a process), and keep what it said.
	ended := make(chan string, 1)
	go func() {
		var said []string
		for primary.lines.Scan() {
			said = append(said, primary.lines.Text())
		}
		primary.cmd.Wait()
		ended <- strings.Join(said, "\n")
	}()
	running, err := AskToQuit(dir, 10*time.Second)
	if !running || err != nil {
		t.Fatalf("with a primary: AskToQuit = %v, %v; want true, nil", running, err)
	}
	if err := syscall.Kill(primary.cmd.Process.Pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("AskToQuit returned while the primary's process still ran (signal 0: %v)", err)
	}
	select {
	case said := <-ended:
		if said != "got quit" {
			t.Errorf("the primary said %q, want %q", said, "got quit")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the primary's output did not end")
	}
	if code := primary.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("the primary exited with %d, want 0", code)
	}
	if running, err := AskToQuit(dir, 5*time.Second); running || err != nil {
		t.Errorf("after it quit: AskToQuit = %v, %v; want false, nil", running, err)
	}
}

// TestAskToQuitBounded: a primary that takes the message but does not end
// makes AskToQuit give up after its wait, with an error that says so.
func TestAskToQuitBounded(t *testing.T) {
	dir := t.TempDir()
	hung := startChild(t, "hold", dir) // answers, never reads its messages
	hung.expect(t, "primary")
	start := time.Now()
	running, err := AskToQuit(dir, time.Second)
	if !running || err == nil {
		t.Fatalf("AskToQuit = %v, %v; want true and an error", running, err)
	}
	if want := "otptray was asked to quit but still runs after 1 s"; inEnglish(err) != want {
		t.Errorf("error %q, want %q", inEnglish(err), want)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("gave up after %v, before its wait of 1 s", waited)
	}
}

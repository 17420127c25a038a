//go:build !windows && !darwin

package desktop

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

// copyElsewhere puts text on the clipboard from another program (xclip),
// as a user copying something else would, and returns once the owner that
// Copy started has lost the clipboard (lost is its signal channel).
//
// It does not use e2e.SetClipboard, which reads the clipboard with xclip -o
// while the ownership changes hands: the clipboard library's X11 owner
// closes its connection as soon as it loses the clipboard, so an answer it
// has just sent can be lost and the read hangs (a race of the library, rare
// for a user, frequent for a polling test).
func copyElsewhere(t *testing.T, text string, lost <-chan struct{}) {
	t.Helper()
	cmd := exec.Command("xclip", "-i", "-selection", "clipboard", "-quiet")
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	select {
	case <-lost:
	case <-time.After(10 * time.Second):
		t.Fatal("xclip did not take the clipboard over within 10 s")
	}
	if got := e2e.Clipboard(t); got != text {
		t.Fatalf("after xclip copied %q the clipboard holds %q", text, got)
	}
}

// xclipTarget reads one target of the clipboard with xclip.
func xclipTarget(t *testing.T, target string) string {
	t.Helper()
	out, err := exec.Command("xclip", "-o", "-selection", "clipboard", "-t", target).Output()
	if err != nil {
		t.Fatalf("xclip -t %s: %v", target, err)
	}
	return string(out)
}

func TestClipboardCopy(t *testing.T) {
	e2e.Require(t)
	c, ft, _ := newTestClipboard(t)
	if err := c.Copy("123456", 0); err != nil {
		t.Fatal(err)
	}
	if got := e2e.Clipboard(t); got != "123456" {
		t.Errorf("clipboard holds %q, want 123456", got)
	}
	if got, err := c.Read(); err != nil || got != "123456" {
		t.Errorf("Read() = %q, %v; want 123456", got, err)
	}
	for target, want := range map[string]string{
		"UTF8_STRING":               "123456",
		"STRING":                    "123456",
		"text/plain;charset=utf-8":  "123456",
		"x-kde-passwordManagerHint": "secret",
	} {
		if got := xclipTarget(t, target); got != want {
			t.Errorf("target %s holds %q, want %q", target, got, want)
		}
	}
	if len(ft.timers) != 0 {
		t.Errorf("Copy with clearAfter 0 scheduled %d clears", len(ft.timers))
	}

	// Text that STRING (Latin-1) cannot carry is offered as UTF-8 only.
	if err := c.Copy("コード 123", 0); err != nil {
		t.Fatal(err)
	}
	if got := e2e.Clipboard(t); got != "コード 123" {
		t.Errorf("clipboard holds %q, want コード 123", got)
	}
	targets := xclipTarget(t, "TARGETS")
	if want := "TARGETS\nUTF8_STRING\ntext/plain;charset=utf-8\nx-kde-passwordManagerHint\n"; targets != want {
		t.Errorf("targets of non-ASCII text:\n%s\nwant\n%s", targets, want)
	}
}

func TestClipboardClearsOurText(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("654321", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if len(ft.timers) != 1 || ft.timers[0].d != 30*time.Second {
		t.Fatalf("timers after one Copy: %+v, want one of 30s", ft.timers)
	}
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Cleared {
		t.Fatalf("clear results %v, want [Cleared]", *results)
	}
	if got := e2e.Clipboard(t); got != "" {
		t.Errorf("after the clear the clipboard holds %q, want nothing", got)
	}
}

func TestClipboardKeepsOthersText(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("654321", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	copyElsewhere(t, "the user's own text", c.pending.changed)
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Replaced {
		t.Fatalf("clear results %v, want [Replaced]", *results)
	}
	if got := e2e.Clipboard(t); got != "the user's own text" {
		t.Errorf("the clipboard holds %q, want the user's own text", got)
	}
}

// TestClipboardCompareBeforeClear: even when the ownership signal has not
// come (Windows polls for it once a second), a clipboard whose content
// differs is left alone.
func TestClipboardCompareBeforeClear(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("111111", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	lost := c.pending.changed
	c.pending.changed = make(chan struct{}) // a signal that never comes
	copyElsewhere(t, "222222", lost)
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Replaced {
		t.Fatalf("clear results %v, want [Replaced]", *results)
	}
	if got := e2e.Clipboard(t); got != "222222" {
		t.Errorf("the clipboard holds %q, want 222222", got)
	}
}

func TestClipboardNewCopyCancelsClear(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("111111", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.Copy("222222", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if len(ft.timers) != 2 || !ft.timers[0].stopped || ft.timers[1].stopped {
		t.Fatalf("after two copies: first stopped %v, second stopped %v; want true, false",
			ft.timers[0].stopped, ft.timers[1].stopped)
	}
	// A timer that fired anyway (Stop came too late) does nothing.
	ft.timers[0].f()
	if len(*results) != 0 {
		t.Fatalf("the cancelled clear did %v", *results)
	}
	if got := e2e.Clipboard(t); got != "222222" {
		t.Fatalf("the clipboard holds %q, want 222222", got)
	}
	ft.timers[1].f()
	if len(*results) != 1 || (*results)[0] != Cleared {
		t.Fatalf("clear results %v, want [Cleared]", *results)
	}
	// A second run of the same timer does nothing either.
	ft.timers[1].f()
	if len(*results) != 1 {
		t.Fatalf("clear results %v after the timer ran twice", *results)
	}
}

func TestClipboardCloseClearsPending(t *testing.T) {
	e2e.Require(t)
	c, ft, _ := newTestClipboard(t)
	if err := c.Copy("333333", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if !ft.timers[0].stopped {
		t.Error("Close did not stop the pending clear")
	}
	if got := e2e.Clipboard(t); got != "" {
		t.Errorf("after Close the clipboard holds %q, want nothing", got)
	}

	// Close leaves someone else's text alone.
	if err := c.Copy("444444", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	copyElsewhere(t, "mine", c.pending.changed)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got := e2e.Clipboard(t); got != "mine" {
		t.Errorf("after Close the clipboard holds %q, want mine", got)
	}
}

// TestClipboardRealTimer: with the real timer, the clipboard empties by
// itself after the delay.
func TestClipboardRealTimer(t *testing.T) {
	e2e.Require(t)
	c, err := NewClipboard()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan ClearResult, 1)
	c.cleared = func(r ClearResult) { done <- r }
	if err := c.Copy("777777", 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r != Cleared {
			t.Fatalf("clear result %v, want Cleared", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the clear did not run within 10 s")
	}
	if got := e2e.Clipboard(t); got != "" {
		t.Errorf("the clipboard holds %q, want nothing", got)
	}
}

// TestClipboardClearIf: text another program put on the clipboard (a pasted
// otpauth link) is emptied once taken in, but only while it is still there.
func TestClipboardClearIf(t *testing.T) {
	e2e.Require(t)
	c, _, _ := newTestClipboard(t)
	if err := c.Copy("ours", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	copyElsewhere(t, "otpauth://totp/Pasted?secret=JBSWY3DPEHPK3PXP", c.pending.changed)
	if err := c.ClearIf("something else"); err != nil {
		t.Fatal(err)
	}
	if got := e2e.Clipboard(t); got != "otpauth://totp/Pasted?secret=JBSWY3DPEHPK3PXP" {
		t.Fatalf("ClearIf of other text changed the clipboard (now %d bytes)", len(got))
	}
	if err := c.ClearIf("otpauth://totp/Pasted?secret=JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	if got := e2e.Clipboard(t); got != "" {
		t.Errorf("the pasted link is still on the clipboard (%d bytes)", len(got))
	}
}

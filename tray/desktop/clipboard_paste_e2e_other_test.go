//go:build !windows && !darwin

package desktop

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

// pasteOnce is one paste by another program: xclip asks for the targets'
// list, then for UTF8_STRING. It returns "" when nothing is on the
// clipboard (xclip then fails at once).
func pasteOnce(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard").Output()
	if ctx.Err() != nil {
		t.Fatal("xclip -o got no answer within 10 s")
	}
	if err != nil {
		return ""
	}
	return string(out)
}

func TestClipboardAfterFirstPaste(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("135790", 30*time.Second, AfterFirstPaste); err != nil {
		t.Fatal(err)
	}
	// The program's own read does not spend the one paste.
	if got, err := c.Read(); err != nil || got != "135790" {
		t.Fatalf("Read() = %q, %v; want 135790", got, err)
	}
	if err := c.ClearIf("something else"); err != nil {
		t.Fatal(err)
	}
	if got := pasteOnce(t); got != "135790" {
		t.Fatalf("first paste got %q, want 135790", got)
	}
	select {
	case <-c.pending.changed:
	case <-time.After(5 * time.Second):
		t.Fatal("the clipboard was not given up after the first paste")
	}
	if got := pasteOnce(t); got != "" {
		t.Errorf("second paste got %q, want nothing", got)
	}
	if got, err := c.Read(); err != nil || got != "" {
		t.Errorf("Read() after the paste = %q, %v; want nothing", got, err)
	}
	// The clearing after the delay stays, and finds nothing of ours.
	if len(ft.timers) != 1 {
		t.Fatalf("timers: %d, want 1", len(ft.timers))
	}
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Replaced {
		t.Errorf("clear results %v, want [Replaced]", *results)
	}
}

func TestClipboardWithoutAfterFirstPaste(t *testing.T) {
	e2e.Require(t)
	c, _, _ := newTestClipboard(t)
	if err := c.Copy("246801", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if got := pasteOnce(t); got != "246801" {
			t.Errorf("paste %d got %q, want 246801", i+1, got)
		}
	}
}

// TestClipboardAfterFirstPasteUnpasted: a code served once that nobody
// pasted is cleared after the delay without being read (a read would be
// its paste), and a Copy served once without a delay is taken off when
// the program ends.
func TestClipboardAfterFirstPasteUnpasted(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)
	if err := c.Copy("112233", 30*time.Second, AfterFirstPaste); err != nil {
		t.Fatal(err)
	}
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Cleared {
		t.Fatalf("clear results %v, want [Cleared]", *results)
	}
	if got := pasteOnce(t); got != "" {
		t.Errorf("after the clear a paste got %q, want nothing", got)
	}

	if err := c.Copy("445566", 0, AfterFirstPaste); err != nil {
		t.Fatal(err)
	}
	if len(ft.timers) != 1 {
		t.Errorf("a Copy without delay scheduled a clear")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got := pasteOnce(t); got != "" {
		t.Errorf("after Close a paste got %q, want nothing", got)
	}
}

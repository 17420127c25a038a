package e2e

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// toolTimeout bounds each run of xclip and xdotool: xclip -o waits for the
// clipboard's owner, which may be the hung program under test.
const toolTimeout = 5 * time.Second

// Clipboard returns the text on the CLIPBOARD selection, or "" when nobody
// owns it or the owner offers no text. The owner must still be running: X
// keeps no copy of its own.
func Clipboard(t testing.TB) string {
	t.Helper()
	text, err := readClipboard()
	if err != nil {
		t.Fatalf("read clipboard: %v", err)
	}
	return text
}

func readClipboard() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", errors.New("xclip -o timed out: the clipboard owner does not answer")
	}
	if err != nil {
		// "Error: target STRING not available" (or UTF8_STRING): empty.
		if strings.Contains(stderr.String(), "not available") {
			return "", nil
		}
		return "", errors.New("xclip -o: " + err.Error() + ": " + strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// SetClipboard puts text on the CLIPBOARD selection, as another program
// would, and returns once it is readable there. The owning xclip runs until
// another program takes the clipboard over or the test ends.
//
// It uses xclip -quiet, which stays in the foreground: a plain xclip -i
// forks a child that keeps the clipboard, outlives the test and, holding the
// test's output pipes, can make exec.Cmd.Wait hang.
func SetClipboard(t testing.TB, text string) {
	t.Helper()
	cmd := exec.Command("xclip", "-i", "-selection", "clipboard", "-quiet")
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		t.Fatalf("set clipboard: %v", err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
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

	deadline := time.Now().Add(toolTimeout)
	for {
		got, err := readClipboard()
		if err == nil && got == text {
			return
		}
		select {
		case <-done:
			t.Fatalf("set clipboard: xclip exited before the clipboard held the text (%v)", cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("set clipboard: after %v the clipboard holds %q (%v)", toolTimeout, got, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Key sends a key combination such as "ctrl+alt+o" to the display, as if
// typed, with xdotool.
func Key(t testing.TB, combo string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "key", combo).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool key %s: %v %s", combo, err, out)
	}
}

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

// toolTimeout bounds each run of xdotool, and the start of dbus-monitor.
const toolTimeout = 5 * time.Second

// A read of the clipboard is tried again when xclip -o gets no answer within
// readTimeout, until clipboardTimeout has passed. The owner may hang (the
// program under test), but a read also goes unanswered when it reaches an
// owner that is just losing the clipboard: golang.design's clipboard closes
// its X connection at once then, and a request it was answering is lost.
// Another try reaches the new owner.
const (
	readTimeout      = 2 * time.Second
	clipboardTimeout = 20 * time.Second
)

// errNoAnswer is a read of the clipboard that its owner did not answer.
var errNoAnswer = errors.New("xclip -o got no answer: the clipboard owner does not answer")

// Clipboard returns the text on the CLIPBOARD selection, or "" when nobody
// owns it or the owner offers no text. The owner must still be running: X
// keeps no copy of its own.
func Clipboard(t testing.TB) string {
	t.Helper()
	text, err := readClipboardRetry()
	if err != nil {
		t.Fatalf("read clipboard: %v", err)
	}
	return text
}

// readClipboardRetry reads the clipboard, trying again while reads go
// unanswered.
func readClipboardRetry() (string, error) {
	deadline := time.Now().Add(clipboardTimeout)
	for {
		text, err := readClipboard()
		if !errors.Is(err, errNoAnswer) || time.Now().After(deadline) {
			return text, err
		}
	}
}

func readClipboard() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", errNoAnswer
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
// would, and returns once the clipboard has changed hands: a read answers
// with text, from the new owner. The owning xclip runs until another
// program takes the clipboard over or the test ends.
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

	// The reads that go unanswered while the previous owner lets go are
	// tried again here, to the same deadline.
	deadline := time.Now().Add(clipboardTimeout)
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
			t.Fatalf("set clipboard: after %v the clipboard holds %q (%v)", clipboardTimeout, got, err)
		}
		if err == nil {
			time.Sleep(20 * time.Millisecond)
		}
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

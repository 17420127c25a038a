package desktop

import (
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// OpenURL opens u with the user's program for it: the browser for http and
// https, the mail program for mailto, the file's program for file URLs.
// Other schemes are refused, so that a link from a help page or a token
// cannot start arbitrary handlers.
func OpenURL(u string) error {
	parsed, err := url.Parse(u)
	if err != nil {
		return msg.New("desktop.open", err, "Target", u)
	}
	switch strings.ToLower(parsed.Scheme) {
	case "http", "https", "mailto", "file":
	default:
		return msg.New("desktop.open", msg.New("desktop.open.scheme", nil, "Scheme", parsed.Scheme), "Target", u)
	}
	if err := open(u); err != nil {
		return msg.New("desktop.open", err, "Target", u)
	}
	return nil
}

// OpenFile opens a file or folder with the user's program for it (a help
// page in the browser, the data folder in the file manager).
func OpenFile(path string) error {
	abs, err := filepath.Abs(path)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err == nil {
		err = open(abs)
	}
	if err != nil {
		return msg.New("desktop.open", err, "Target", path)
	}
	return nil
}

// openWait is how long open waits for an opener program to report failure.
// Openers normally hand over to the browser and exit at once; some run the
// browser in the foreground instead, which is left running.
const openWait = time.Second

// runOpener starts cmd and returns its failure if it ends with one within
// openWait. A program still running then is reaped in the background.
func runOpener(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return errors.New(filepath.Base(cmd.Path) + ": " + exit.String())
		}
		return err
	case <-time.After(openWait):
		return nil
	}
}

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
		web := strings.EqualFold(parsed.Scheme, "http") || strings.EqualFold(parsed.Scheme, "https")
		return openError(shownTarget(parsed, u), web, err)
	}
	return nil
}

// OpenFile opens a file or folder with the user's program for it (a help
// page in the browser, the data folder in the file manager).
func OpenFile(path string) error {
	abs, err := filepath.Abs(path)
	var info os.FileInfo
	if err == nil {
		info, err = os.Stat(abs)
	}
	if err == nil {
		err = open(abs)
	}
	if err != nil {
		if info != nil && info.IsDir() {
			return folderError(path, err)
		}
		return openError(path, false, err)
	}
	return nil
}

// errNoProgram is what open returns when no program is set to open the
// kind of file given (Windows: no association for its extension).
var errNoProgram = errors.New("no program is associated with the file type")

// openError says that target could not be opened, and why in words where
// the system's own are no help. Where no browser is set, the sentence
// names the page, so that the user can open it by hand; web is whether
// target is a web address.
func openError(target string, web bool, err error) error {
	if errors.Is(err, errNoProgram) {
		ext := strings.ToLower(filepath.Ext(target))
		if web || ext == ".html" || ext == ".htm" {
			return msg.NewPlain("desktop.open.no_browser", err, "Target", target)
		}
		if ext != "" {
			err = msg.New("desktop.open.no_program", nil, "Ext", ext)
		} else {
			err = msg.New("desktop.open.no_program_kind", nil)
		}
	}
	return msg.New("desktop.open", err, "Target", target)
}

// folderError says that the folder at path could not be shown.
func folderError(path string, err error) error {
	if errors.Is(err, errNoProgram) {
		return msg.NewPlain("desktop.open.no_file_manager", err, "Target", path)
	}
	return msg.New("desktop.open", err, "Target", path)
}

// shownTarget is how a message names the target of OpenURL: a file URL as
// the file's path, which the user can find and open, anything else as it
// is.
func shownTarget(u *url.URL, raw string) string {
	if !strings.EqualFold(u.Scheme, "file") || u.Path == "" {
		return raw
	}
	p := u.Path
	// file:///C:/dir/page.html names C:\dir\page.html on Windows.
	if len(p) > 2 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

// openWait is how long open waits for an opener program to report failure.
// Openers normally hand over to the browser and exit at once; some run the
// browser in the foreground instead, which is left running.
const openWait = time.Second

// runOpener starts cmd and returns its failure if it ends with one within
// openWait. A program still running then is reaped in the background.
// status, if not nil, says what an exit status of the opener means, or
// nil where it means nothing more than "failed".
func runOpener(cmd *exec.Cmd, status func(code int) error) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if status != nil {
				if known := status(exit.ExitCode()); known != nil {
					return known
				}
			}
			return errors.New(filepath.Base(cmd.Path) + ": " + exit.String())
		}
		return err
	case <-time.After(openWait):
		return nil
	}
}

//go:build unix

package desktop

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/msg"
)

// On macOS and the XDG desktops the autostart entry is one file: where it
// lives (path) and what it holds (content) differ, writing and removing it
// do not.

// enableFileAutostart writes the entry content makes for exe and args to
// the file path names, replacing an older one.
func enableFileAutostart(path func() (string, error), content func(exe string, args []string) (string, error), exe string, args []string) error {
	p, err := path()
	if err != nil {
		return msg.New("desktop.autostart.enable", err)
	}
	entry, err := content(exe, args)
	if err != nil {
		return msg.New("desktop.autostart.enable", err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return msg.New("desktop.autostart.enable", err)
	}
	if err := atomicfile.Write(p, []byte(entry), 0o644); err != nil {
		return msg.New("desktop.autostart.enable", err)
	}
	return nil
}

// disableFileAutostart removes the file path names; without one it does
// nothing.
func disableFileAutostart(path func() (string, error)) error {
	p, err := path()
	if err == nil {
		err = os.Remove(p)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return msg.New("desktop.autostart.disable", err)
	}
	return nil
}

// Package running is what the running tray tells otptray-cli beside the
// tokens file: whether a tray runs for a data folder (it holds the OS lock
// on LockFile for as long as it runs) and which hotkeys it holds and which
// the system refused (a small JSON file the tray rewrites when that
// changes). It links nothing of the desktop, so otptray-cli can read it.
package running

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"

	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/msg"
)

// LockFile is the file in the data folder that the running tray holds an
// OS lock on; the kernel drops the lock when the tray ends, however it
// ends.
const LockFile = "otptray.lock"

// hotkeysFile is the file in the data folder with the tray's Hotkeys.
const hotkeysFile = "otptray.hotkeys.json"

// Hotkeys are the hotkeys the running tray tried to register.
type Hotkeys struct {
	Hotkeys []Hotkey `json:"hotkeys"`
}

// Hotkey is one combination the tray tried to register.
type Hotkey struct {
	Setting string `json:"setting"`         // the otptray-cli key: "hotkey", "type-hotkey", "copy-hotkey", ...
	Token   string `json:"token,omitempty"` // the token's ID for a token's setting
	Combo   string `json:"combo"`           // as the tray registered it, canonical ("Win+Alt+T")
	Held    bool   `json:"held"`            // registered; else the system refused it
	// Reason is why the system refused it: catalogue messages, the
	// outermost first, and Detail the text of a cause that is none.
	Reason []Message `json:"reason,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Message is a catalogue message with its arguments written out.
type Message struct {
	ID   string            `json:"id"`
	Args map[string]string `json:"args,omitempty"`
}

// Refused makes the entry of a combination the system refused with err.
func Refused(setting, tokenID, combo string, err error) Hotkey {
	h := Hotkey{Setting: setting, Token: tokenID, Combo: combo}
	for err != nil {
		var m *msg.Error
		if !errors.As(err, &m) {
			h.Detail = err.Error()
			break
		}
		out := Message{ID: m.ID}
		for k, v := range m.Args {
			if out.Args == nil {
				out.Args = map[string]string{}
			}
			out.Args[k] = fmt.Sprint(v)
		}
		h.Reason = append(h.Reason, out)
		err = m.Cause
	}
	return h
}

// Err is why the system refused h, as an error to render in the reader's
// language; nil when h is held.
func (h Hotkey) Err() error {
	if h.Held {
		return nil
	}
	var err error
	if h.Detail != "" {
		err = errors.New(h.Detail)
	}
	for i := len(h.Reason) - 1; i >= 0; i-- {
		m := h.Reason[i]
		args := make(map[string]any, len(m.Args))
		for k, v := range m.Args {
			args[k] = v
		}
		err = &msg.Error{ID: m.ID, Args: args, Cause: err}
	}
	if err == nil {
		err = errors.New("refused")
	}
	return err
}

// WriteHotkeys replaces the hotkeys file in dir (atomically, so a reader
// sees the old or the new one).
func WriteHotkeys(dir string, h Hotkeys) error {
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, hotkeysFile), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write the tray's hotkeys: %w", err)
	}
	return nil
}

// RemoveHotkeys removes the hotkeys file in dir (the tray ends).
func RemoveHotkeys(dir string) error {
	if err := os.Remove(filepath.Join(dir, hotkeysFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the tray's hotkeys: %w", err)
	}
	return nil
}

// ReadHotkeys returns the hotkeys the tray running for dir reported; ok is
// false when no tray runs (a file left by one that ended is not current)
// or it has reported none yet.
func ReadHotkeys(dir string) (h Hotkeys, ok bool, err error) {
	running, err := TrayRuns(dir)
	if err != nil || !running {
		return Hotkeys{}, false, err
	}
	b, err := os.ReadFile(filepath.Join(dir, hotkeysFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Hotkeys{}, false, nil
	}
	if err != nil {
		return Hotkeys{}, false, fmt.Errorf("read the tray's hotkeys: %w", err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return Hotkeys{}, false, fmt.Errorf("read the tray's hotkeys: %s: %w", hotkeysFile, err)
	}
	return h, true, nil
}

// TrayRuns reports whether a tray runs for dir: whether another process
// holds the lock on LockFile. It takes the lock for the moment it asks,
// and a tray starting just then tries again (desktop.Single waits).
func TrayRuns(dir string) (bool, error) {
	path := filepath.Join(dir, LockFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil // never started here: do not create the file
	}
	lock := flock.New(path)
	ok, err := lock.TryLock()
	if err != nil {
		return false, fmt.Errorf("ask whether the tray runs: %w", err)
	}
	if ok {
		lock.Unlock()
		return false, nil
	}
	return true, nil
}

// Find is the entry for the setting key of token tokenID ("" for a
// program setting), if the tray reported one.
func (h Hotkeys) Find(key, tokenID string) (Hotkey, bool) {
	for _, k := range h.Hotkeys {
		if k.Setting == key && k.Token == tokenID {
			return k, true
		}
	}
	return Hotkey{}, false
}

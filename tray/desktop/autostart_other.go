//go:build !windows && !darwin

package desktop

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// autostartFile is $XDG_CONFIG_HOME/autostart/otptray.desktop, with
// XDG_CONFIG_HOME defaulting to ~/.config (os.UserConfigDir does both).
func autostartFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "autostart", AppName+".desktop"), nil
}

// EnableAutostart makes the desktop start exe with args at login, replacing
// an older entry.
func EnableAutostart(exe string, args ...string) error {
	return enableFileAutostart(autostartFile, desktopEntry, exe, args)
}

// DisableAutostart removes the entry; without one it does nothing.
func DisableAutostart() error {
	return disableFileAutostart(autostartFile)
}

// AutostartEnabled says whether the entry exists and is not switched off
// (Hidden=true, or X-GNOME-Autostart-enabled=false as GNOME's settings
// write it).
func AutostartEnabled() (bool, error) {
	path, err := autostartFile()
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	return !desktopEntryOff(data), nil
}

// AutostartRuns says whether the entry exists and runs exe: its Exec is
// the one EnableAutostart(exe) writes. `make uninstall` removes only such an
// entry, not one the user pointed at another copy.
func AutostartRuns(exe string) (bool, error) {
	path, err := autostartFile()
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	want, err := desktopExecArg(exe)
	if err != nil {
		return false, nil // no entry can run it
	}
	got, ok := desktopEntryKeys(data)["Exec"]
	return ok && got == want, nil
}

// desktopEntryOff reports whether the [Desktop Entry] group switches the
// entry off.
func desktopEntryOff(data []byte) bool {
	keys := desktopEntryKeys(data)
	return keys["Hidden"] == "true" || keys["X-GNOME-Autostart-enabled"] == "false"
}

// desktopEntryKeys are the keys of the [Desktop Entry] group and their
// values, spaces around them trimmed.
func desktopEntryKeys(data []byte) map[string]string {
	keys := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	group := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			group = line
			continue
		}
		if group != "[Desktop Entry]" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		keys[strings.TrimSpace(key)] = strings.TrimSpace(value)
	}
	return keys
}

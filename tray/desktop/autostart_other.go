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

// desktopEntryOff reports whether the [Desktop Entry] group switches the
// entry off.
func desktopEntryOff(data []byte) bool {
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
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if key == "Hidden" && value == "true" || key == "X-GNOME-Autostart-enabled" && value == "false" {
			return true
		}
	}
	return false
}

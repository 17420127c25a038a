package desktop

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/otptray/otptray/i18n"
)

// launchAgentFile is ~/Library/LaunchAgents/<LaunchAgentLabel>.plist; launchd
// loads the agents there at login.
func launchAgentFile() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, "Library", "LaunchAgents", LaunchAgentLabel+".plist"), nil
}

// EnableAutostart makes launchd start exe with args at login, replacing an
// older entry. It takes effect at the next login.
func EnableAutostart(exe string, args ...string) error {
	path, err := launchAgentFile()
	if err != nil {
		return i18n.E("desktop.autostart.enable", err)
	}
	plist, err := launchAgentPlist(exe, args)
	if err != nil {
		return i18n.E("desktop.autostart.enable", err)
	}
	if err := writeFileAtomic(path, []byte(plist), 0o644); err != nil {
		return i18n.E("desktop.autostart.enable", err)
	}
	return nil
}

// DisableAutostart removes the LaunchAgent; without one it does nothing.
func DisableAutostart() error {
	path, err := launchAgentFile()
	if err == nil {
		err = os.Remove(path)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return i18n.E("desktop.autostart.disable", err)
	}
	return nil
}

// AutostartEnabled says whether the LaunchAgent exists.
func AutostartEnabled() (bool, error) {
	path, err := launchAgentFile()
	if err != nil {
		return false, i18n.E("desktop.autostart.check", err)
	}
	_, err = os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, i18n.E("desktop.autostart.check", err)
	}
	return true, nil
}

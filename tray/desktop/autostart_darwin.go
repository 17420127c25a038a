package desktop

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/otptray/otptray/internal/msg"
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
	return enableFileAutostart(launchAgentFile, launchAgentPlist, exe, args)
}

// DisableAutostart removes the LaunchAgent; without one it does nothing.
func DisableAutostart() error {
	return disableFileAutostart(launchAgentFile)
}

// AutostartEnabled says whether the LaunchAgent exists.
func AutostartEnabled() (bool, error) {
	path, err := launchAgentFile()
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	_, err = os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	return true, nil
}

package desktop

import (
	"errors"

	"github.com/otptray/otptray/internal/msg"
	"golang.org/x/sys/windows/registry"
)

// The Run key starts its values' command lines at login. Task Manager's
// Startup tab and Settings → Apps → Startup switch an entry off without
// removing it, by a binary value of the same name under StartupApproved\Run
// whose first byte is odd (02 = on, 03 = off).
const (
	runKey             = `Software\Microsoft\Windows\CurrentVersion\Run`
	startupApprovedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
)

// runValue names otptray's values in both keys (a variable so that tests
// leave the real entry alone).
var runValue = AppName

// EnableAutostart makes Windows start exe with args at login, replacing an
// older entry, and undoes a switch-off from Task Manager: the user asked for
// it in otptray's own settings.
func EnableAutostart(exe string, args ...string) error {
	if err := enableAutostart(exe, args); err != nil {
		return msg.New("desktop.autostart.enable", err)
	}
	return nil
}

func enableAutostart(exe string, args []string) error {
	cmd, err := windowsCommandLine(exe, args)
	if err != nil {
		return err
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.SetStringValue(runValue, cmd); err != nil {
		return err
	}
	return deleteValue(startupApprovedKey, runValue)
}

// DisableAutostart removes the entry; without one it does nothing.
func DisableAutostart() error {
	err := deleteValue(runKey, runValue)
	if err == nil {
		err = deleteValue(startupApprovedKey, runValue)
	}
	if err != nil {
		return msg.New("desktop.autostart.disable", err)
	}
	return nil
}

// deleteValue removes a value of a key under HKCU; a missing key or value is
// no error.
func deleteValue(key, name string) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.DeleteValue(name); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}

// AutostartEnabled says whether the Run value exists and is not switched off
// in Task Manager.
func AutostartEnabled() (bool, error) {
	cmd, err := autostartCommand()
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	if cmd == "" {
		return false, nil
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, startupApprovedKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	defer k.Close()
	b, _, err := k.GetBinaryValue(runValue)
	if errors.Is(err, registry.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, msg.New("desktop.autostart.check", err)
	}
	return len(b) == 0 || b[0]&1 == 0, nil
}

// autostartCommand is the Run value's command line, "" when there is none.
func autostartCommand() (string, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer k.Close()
	s, _, err := k.GetStringValue(runValue)
	if errors.Is(err, registry.ErrNotExist) {
		return "", nil
	}
	return s, err
}

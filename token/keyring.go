package token

import (
	"errors"
	"os/exec"
	"runtime"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/zalando/go-keyring"
)

// Keyring keeps token secrets, one entry per token ID.
type Keyring interface {
	Get(id string) ([]byte, error) // ErrNoSecret when there is none
	Set(id string, secret []byte) error
	Delete(id string) error // no error when there is none
}

// ErrNoSecret is returned by Keyring.Get for an ID with no stored secret.
var ErrNoSecret = errors.New("no secret stored")

// KeyringService is the service name of otptray's entries in the OS keyring.
const KeyringService = "otptray"

// SystemKeyring is the OS credential store: Windows Credential Manager, macOS
// Keychain, or a Secret Service (gnome-keyring, KeePassXC) on Linux.
type SystemKeyring struct{}

func (SystemKeyring) Get(id string) ([]byte, error) {
	s, err := keyring.Get(KeyringService, id)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, ErrNoSecret
	}
	if err != nil {
		return nil, keyringErr(err)
	}
	b, err := ParseSecret(s)
	if err != nil {
		// The keyring works; the entry is wrong (edited by hand, or another
		// program's), so the "start your keyring" advice would mislead.
		return nil, msg.New("keyring.bad_entry", nil, "ID", id, "Service", KeyringService)
	}
	return b, nil
}

func (SystemKeyring) Set(id string, secret []byte) error {
	if err := keyring.Set(KeyringService, id, EncodeSecret(secret)); err != nil {
		return keyringErr(err)
	}
	return nil
}

func (SystemKeyring) Delete(id string) error {
	err := keyring.Delete(KeyringService, id)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return keyringErr(err)
}

// keyringErr explains a failure of the OS keyring and how to fix it. The
// library's error text never holds the secret (it is not given the secret
// back), so it can be shown as the detail.
func keyringErr(err error) error {
	id := "keyring.unavailable_unix"
	switch runtime.GOOS {
	case "windows", "darwin":
		id = "keyring.unavailable_" + runtime.GOOS
	default:
		if noSessionBus(err) {
			// The cause is left out: it is the raw text this message replaces.
			return msg.New("keyring.no_session_bus", nil)
		}
	}
	return msg.New(id, nil, "Detail", err.Error())
}

// noSessionBus reports whether err says that no D-Bus session bus could be
// found at all. The Secret Service is reached through go-keyring over
// godbus, which, with DBUS_SESSION_BUS_ADDRESS unset and no bus in
// /run/user/UID, runs dbus-launch to start one: that it is missing or
// fails (no display) is the usual case over SSH, and its own text
// (`exec: "dbus-launch": executable file not found`) tells a user nothing.
func noSessionBus(err error) bool {
	var execErr *exec.Error
	var exitErr *exec.ExitError
	return errors.As(err, &execErr) || errors.As(err, &exitErr) ||
		strings.Contains(err.Error(), "couldn't determine address of session bus")
}

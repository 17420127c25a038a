//go:build !windows && !darwin

package token

import (
	"errors"
	"os/exec"
	"testing"

	"github.com/otptray/otptray/internal/msg"
)

// TestKeyringErrNoSessionBus: godbus's ways of saying there is no session
// bus (dbus-launch missing or failing, no address at all) become the one
// message about the missing session; a bus that refuses stays the general
// keyring message with its detail.
func TestKeyringErrNoSessionBus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, "keyring.no_session_bus"},
		{&exec.ExitError{}, "keyring.no_session_bus"},
		{errors.New("dbus: couldn't determine address of session bus"), "keyring.no_session_bus"},
		{errors.New("The name org.freedesktop.secrets was not provided by any .service files"), "keyring.unavailable_unix"},
	} {
		var m *msg.Error
		if err := keyringErr(tt.err); !errors.As(err, &m) || m.ID != tt.want {
			t.Errorf("keyringErr(%v) = %v, want %s", tt.err, err, tt.want)
		}
	}
}

package tray

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
)

// Without a reachable session bus the tray stops with the catalogue's
// message instead of the tray library's panic.
func TestNoSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	err := checkSessionBus()
	var e *msg.Error
	if !errors.As(err, &e) || e.ID != "tray.err.no_session_bus" {
		t.Fatalf("checkSessionBus without a bus: %v", err)
	}
	if msg := i18n.New("en").Err(err); !strings.Contains(msg, "dbus-run-session -- otptray") {
		t.Errorf("message does not say how to run it: %q", msg)
	}
}

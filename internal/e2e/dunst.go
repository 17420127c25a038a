package e2e

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

// dunstctl runs dunstctl with args against the session's dunst.
func dunstctl(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "dunstctl", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("dunstctl %s: %v %s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// CloseNotifications closes every notification that dunst shows, so that
// the next one shown is the only one (see InvokeAction). The test must
// hold the desktop (Require).
func CloseNotifications(t testing.TB) {
	t.Helper()
	dunstctl(t, "close-all")
}

// InvokeAction presses the button of the first notification dunst shows,
// as a click on it would: dunst sends ActionInvoked with the action's key
// when the notification has exactly one action (dunstctl action 0).
func InvokeAction(t testing.TB) {
	t.Helper()
	dunstctl(t, "action", "0")
}

package tray

import (
	"fmt"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/msg"
)

// waylandTyping says why typing cannot reach the window in front in a
// Wayland session, or nil when it can (or the session is not Wayland).
// Typing goes through X (XTEST), which in a Wayland session reaches only
// the windows of XWayland: with no X display, or when X cannot tell the
// window in front (a Wayland window has the focus), the keys would go
// nowhere. The error wraps errCannotType, so the code is copied instead.
func waylandTyping(getenv func(string) string, focus func() (foreground.Window, error)) error {
	if getenv("WAYLAND_DISPLAY") == "" && getenv("XDG_SESSION_TYPE") != "wayland" {
		return nil
	}
	if getenv("DISPLAY") != "" {
		if _, err := focus(); err == nil {
			return nil // an XWayland window has the focus
		}
	}
	return fmt.Errorf("%w: %w", errCannotType, msg.New("clipafter.wayland", nil))
}

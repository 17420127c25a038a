package foreground

import "github.com/otptray/otptray/internal/msg"

// current: finding the window in front on macOS (NSWorkspace's frontmost
// application, and Accessibility for its window title) is not built yet.
func current() (Window, error) {
	return Window{}, msg.New("foreground.unsupported", nil)
}

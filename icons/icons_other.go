//go:build !windows

package icons

// trayPNGSize is the size handed to systray outside Windows. systray sends a
// single image: 32 px is the size macOS shows as 16 pt at 2× (for its
// regular, non-template icon), and that Linux panels (16–24 px, or 32 at 2×)
// scale from.
const trayPNGSize = 32

// Tray returns the icon for systray.SetIcon: PNG bytes, which systray
// decodes on Linux and macOS.
func Tray() []byte { return PNG(trayPNGSize) }

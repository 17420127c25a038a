//go:build !windows

package icons

// trayPNGSize is the size handed to systray outside Windows. systray sends a
// single image: 32 px is the hinted size that macOS shows as 16 pt at 2×, and
// that Linux panels (16–24 px, or 32 at 2×) scale from cleanly.
const trayPNGSize = 32

// Tray returns the icon for systray.SetIcon on a dark (true) or light
// panel: PNG bytes, which systray decodes on Linux and macOS.
func Tray(dark bool) []byte { return PNG(trayPNGSize, dark) }

//go:build !windows

package tray

// osTrayHint: Linux panels and the macOS menu bar show a new icon beside
// the others, so there is nothing to point at.
func osTrayHint() trayHint { return noTrayHint }

//go:build !windows

package tray

// darkTaskbar: Linux panels are dark in the common desktops' default themes
// (GNOME, KDE Plasma, Cinnamon); macOS uses the template icon and ignores it.
func darkTaskbar() bool { return true }

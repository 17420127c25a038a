//go:build !windows && !darwin

package combo

// WinKeyName is what the keyboards of this platform call the Windows key:
// Super on Linux and the BSDs, as GNOME and KDE name it.
const WinKeyName = "Super"

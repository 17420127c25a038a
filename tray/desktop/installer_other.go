//go:build !windows

package desktop

// InstallerChoseAutostart: only the Windows installer asks about start at
// login; elsewhere the program decides on its first run.
func InstallerChoseAutostart() bool { return false }

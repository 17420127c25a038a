package tray

import "golang.org/x/sys/windows"

// osTrayHint reads the build from RtlGetVersion, which, unlike
// GetVersionEx, does not depend on the program's manifest.
func osTrayHint() trayHint { return windowsTrayHint(windows.RtlGetVersion().BuildNumber) }

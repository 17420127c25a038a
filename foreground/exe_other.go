//go:build !linux

package foreground

// programOfPID: no system but Linux has /proc/<pid>/exe to read, so the
// program name comes from WM_CLASS there (the BSDs' X11 desktops).
func programOfPID(pid int) (string, bool) {
	return "", false
}

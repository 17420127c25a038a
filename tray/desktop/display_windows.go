package desktop

// CheckDisplay reports whether the tray can run: on Windows there is
// always a desktop.
func CheckDisplay() error { return nil }

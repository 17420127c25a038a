package desktop

// CheckDisplay reports whether the tray can run: on macOS there is always
// a desktop (the window server).
func CheckDisplay() error { return nil }

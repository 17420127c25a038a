//go:build !linux

package tray

// checkSessionBus: only the Linux tray talks to the desktop over D-Bus.
func checkSessionBus() error { return nil }

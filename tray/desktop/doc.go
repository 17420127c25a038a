// Package desktop holds the tray program's seams to the operating system:
// whether there is a desktop to run on (CheckDisplay), clipboard,
// notifications, start at login, a single running instance, opening help
// pages (hotkey combinations are parsed in prefs/combo, which the CLI may
// link). Where the platforms differ there is one file per platform.
//
// Per-OS files, here and in the whole module (not third_party, which keeps
// upstream's names), say in their name which systems compile them, and
// their //go:build line, where Go needs one, says the same:
//
//	name ends in      build line                   compiled on
//	_windows.go       none (Go's GOOS suffixes)    that one system
//	_darwin.go
//	_linux.go
//	_unix.go          unix                         Go's Unix group: macOS, Linux, the BSDs
//	_winmac.go        windows || darwin            Windows and macOS (the hotkey library)
//	_other.go         !windows && !darwin, or      every system that has no file of
//	                  !windows, !linux, !unix      its own for the same thing
//
// So notify_windows.go, notify_darwin.go and notify_other.go together cover
// every system, and "other" is mostly the Linux and BSD desktops (X11,
// D-Bus, XDG). Test files end the same way before _test.go
// (notify_e2e_other_test.go).
//
// The global hotkey itself is registered by the sub-package hotkey, which
// only cmd/otptray links: the CLI links no desktop seam at all.
package desktop

// AppName is the name the desktop shows for otptray in notifications,
// start-at-login entries and the clipboard history.
const AppName = "otptray"

// Package desktop holds the tray program's seams to the operating system:
// clipboard, notifications, start at login, a single running instance,
// opening help pages, and the parsing of hotkey combinations. Where the
// platforms differ there is one file per platform.
//
// The global hotkey itself is registered by the sub-package hotkey: the
// library behind it opens the X display when the program starts and panics
// without one, so it must stay out of everything that runs without a
// display (the CLI, the tests of this package).
package desktop

// AppName is the name the desktop shows for otptray in notifications,
// start-at-login entries and the clipboard history.
const AppName = "otptray"

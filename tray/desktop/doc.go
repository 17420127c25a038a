// Package desktop holds the tray program's seams to the operating system:
// whether there is a desktop to run on (CheckDisplay), clipboard,
// notifications, start at login, a single running instance, opening help
// pages, and the parsing of hotkey combinations. Where the platforms differ
// there is one file per platform.
//
// The global hotkey itself is registered by the sub-package hotkey, which
// only cmd/otptray links: the CLI links no desktop seam at all.
package desktop

// AppName is the name the desktop shows for otptray in notifications,
// start-at-login entries and the clipboard history.
const AppName = "otptray"

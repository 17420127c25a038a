// Package locales holds the message catalogue's files, for the one reader
// that cannot use package i18n: the desktop-session check of cmd/otptray.
// That check must run before golang.design/x/hotkey's init, which panics
// without an X display, so it may import only packages that are
// initialised first; package i18n brings in go-i18n, a TOML parser and
// golang.org/x/text, which are not. Everything else reads messages through
// package i18n.
package locales

import "embed"

// FS has the files <area>.<lang>.toml.
//
//go:embed *.toml
var FS embed.FS

package tray

import (
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// copyCode puts a code on the clipboard as the preferences ask: cleared
// after the delay, and after the first paste where that is chosen (and
// the system can count pastes; elsewhere the delay alone clears it).
func (a *app) copyCode(code string) error {
	p := a.prefs()
	var opts []desktop.CopyOption
	if p.ClearAfterPaste {
		opts = append(opts, desktop.AfterFirstPaste)
	}
	return a.Sys.Copy(code, menu.ClearAfter(p), opts...)
}

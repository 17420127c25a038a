package hotkey

import (
	"golang.design/x/hotkey"

	"github.com/otptray/otptray/tray/desktop"
)

// modifiers: X11 calls Alt Mod1 and the Super (Windows) key Mod4 in the
// usual keyboard maps.
var modifiers = map[desktop.Modifiers]hotkey.Modifier{
	desktop.ModWin:   hotkey.Mod4,
	desktop.ModCtrl:  hotkey.ModCtrl,
	desktop.ModShift: hotkey.ModShift,
	desktop.ModAlt:   hotkey.Mod1,
}

package hotkey

import (
	"golang.design/x/hotkey"

	"github.com/otptray/otptray/tray/desktop"
)

// modifiers: on a Mac keyboard the Windows key is Command and Alt is Option.
var modifiers = map[desktop.Modifiers]hotkey.Modifier{
	desktop.ModWin:   hotkey.ModCmd,
	desktop.ModCtrl:  hotkey.ModCtrl,
	desktop.ModShift: hotkey.ModShift,
	desktop.ModAlt:   hotkey.ModOption,
}

package hotkey

import (
	"golang.design/x/hotkey"

	"github.com/otptray/otptray/tray/desktop"
)

var modifiers = map[desktop.Modifiers]hotkey.Modifier{
	desktop.ModWin:   hotkey.ModWin,
	desktop.ModCtrl:  hotkey.ModCtrl,
	desktop.ModShift: hotkey.ModShift,
	desktop.ModAlt:   hotkey.ModAlt,
}

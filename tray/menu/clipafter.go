package menu

// The clipboard lines of Settings beside the delay: clearing the clipboard
// once the code has been pasted, offered where the system can tell
// (Status.ClearAfterPaste).

// KeyClearPaste is the "after the first paste" switch under the clipboard
// delay.
const KeyClearPaste = "settings/clear/after-paste"

// ToggleClearAfterPaste turns clearing after the first paste on or off.
type ToggleClearAfterPaste struct{}

func (ToggleClearAfterPaste) isAction() {}

// clearAfterPaste is the switch, or nothing where pastes cannot be counted.
func (b *builder) clearAfterPaste() []Entry {
	if !b.in.Status.ClearAfterPaste {
		return nil
	}
	e := check(KeyClearPaste, ToggleClearAfterPaste{}, b.T("clipafter.settings.after_paste"), b.in.Prefs.ClearAfterPaste)
	e.Tooltip = b.T("clipafter.settings.after_paste_tip")
	return []Entry{b.sep(), e}
}

package menu

// Keys of the type hotkey's submenu in Settings.
const (
	KeyTypeHotkey      = "settings/typehotkey"
	KeyTypeHotkeyOn    = "settings/typehotkey/on"
	KeyTypeHotkeyCombo = "settings/typehotkey/combo/" // + combination
)

// typeHotkeySettings is Settings › Type hotkey: on or off, and the
// combination among the choices offered (the one set, when the file names
// another, is among them).
func (b *builder) typeHotkeySettings() Entry {
	in := b.in
	e := item(KeyTypeHotkey, nil, b.T("traytype.settings.hotkey"))
	e.Children = []Entry{
		check(KeyTypeHotkeyOn, ToggleTypeHotkey{}, b.T("traytype.settings.hotkey_on"), !in.Prefs.TypeHotkeyOff),
		b.sep(),
	}
	for _, c := range in.Status.TypeHotkeyChoices {
		e.Children = append(e.Children, check(KeyTypeHotkeyCombo+c, actionOf(in.Memo, SetTypeHotkey{c}), comboLabel(c, in.Status.WinKey), c == in.Status.TypeHotkey))
	}
	return e
}

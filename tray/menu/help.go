package menu

func (b *builder) help() Entry {
	in := b.in
	about := item(KeyAbout, nil, b.T("tray.about"))
	about.Children = []Entry{
		disabled(KeyVersion, b.T("tray.about.version", "Version", in.Status.Version)),
		item(KeyLicense, actionOf(b.in.Memo, OpenPage{PageLicense}), b.T("tray.about.license")),
		item(KeyDataDir, OpenDataDir{}, b.T("tray.about.data", "Path", in.Status.DataDir)),
	}
	e := item(KeyHelp, nil, b.T("tray.help"))
	e.Children = []Entry{
		item(KeyHelpPage+PageStart, actionOf(b.in.Memo, OpenPage{PageStart}), b.T("tray.help.start")),
		item(KeyHelpPage+PageWhere, actionOf(b.in.Memo, OpenPage{PageWhere}), b.T("tray.help.where")),
		item(KeyHelpPage+PageTyping, actionOf(b.in.Memo, OpenPage{PageTyping}), b.T("traytype.help")),
		item(KeyHelpPage+PageFAQ, actionOf(b.in.Memo, OpenPage{PageFAQ}), b.T("tray.help.faq")),
		b.sep(),
		about,
	}
	e.Children = append(e.Children, b.updateEntry()...)
	return e
}

// updateEntry is "Check for updates" in Help, or nothing when not offered.
func (b *builder) updateEntry() []Entry {
	f := b.in.Status.Features
	if !f.UpdateCheck {
		return nil
	}
	if f.UpdateRunning {
		return []Entry{inactive(item(KeyUpdateCheck, CheckUpdate{}, b.T("update.menu.checking")))}
	}
	return []Entry{item(KeyUpdateCheck, CheckUpdate{}, b.T("update.menu"))}
}

// downloadEntry is "Download otptray 1.3.0…", shown once a check found a
// newer release.
func (b *builder) downloadEntry() Entry {
	e := item(KeyUpdateOpen, OpenUpdate{}, "")
	e.Visible = false
	if n := b.in.Status.Features.Newer; n != nil {
		e.Label, e.Visible = b.T("update.available.open", "Version", n.Latest), true
		e.Tooltip = n.URL
	}
	return e
}

package menu

import (
	"time"

	"github.com/otptray/otptray/token"
)

// addTokenMenu is the "Add token" submenu.
func (b *builder) addTokenMenu() Entry {
	scan := item(KeyAddScan, ScanScreen{}, b.T("traytransfer.add.scan"))
	if b.in.Status.Scanning {
		scan = inactive(item(KeyAddScan, ScanScreen{}, b.T("traytransfer.add.scanning")))
	}
	e := item(KeyAddToken, nil, b.T("traytransfer.add"))
	e.Children = []Entry{
		scan,
		item(KeyAddPaste, PasteClipboard{}, b.T("traytransfer.add.paste")),
		b.sep(),
	}
	e.Children = append(e.Children, b.followEntries()...)
	e.Children = append(e.Children, b.sep(),
		item(KeyAddHelp, actionOf(b.in.Memo, OpenPage{PageTokens}), b.T("traytransfer.add.help")))
	return e
}

// showQRMenu is the "Show QR code" submenu: one entry per token. A token
// whose secret cannot be read keeps its entry (a click says why), so that a
// keyring problem changes only the lines that report it.
func (b *builder) showQRMenu() Entry {
	e := item(KeyShowQR, nil, b.T("traytransfer.qr"))
	e.Visible = len(b.in.Tokens) > 0
	for _, tv := range b.in.Tokens {
		e.Children = append(e.Children, item(KeyShowQRFor+tv.Token.ID, actionOf(b.in.Memo, ShowQR{tv.Token.ID}), tv.Token.Name))
	}
	return e
}

// The backup reminder. A lost or broken PC must not take the tokens with
// it, and `otptray-cli backup` is easy to forget. The rule:
//
//   - It applies only when there are tokens.
//   - The age counts from the last backup (Settings.LastBackup, set by
//     otptray-cli backup); with none ever made, from when the oldest token
//     was added (tokens without that date, from files of old versions, are
//     not counted: no age can be told from them).
//   - From BackupAfter on, the menu shows "No backup for N days" and an
//     entry that opens the help, and a toast says so at most once every
//     BackupRemindEvery (the time of the last one is kept in
//     Settings.BackupReminded, so a restart does not repeat it).
const (
	BackupAfter       = 30 * 24 * time.Hour
	BackupRemindEvery = 7 * 24 * time.Hour
)

// BackupAge is how many whole days the tokens have gone without a backup
// at now, and whether that calls for the reminder.
func BackupAge(s token.Settings, toks []token.Token, now time.Time) (days int, due bool) {
	if len(toks) == 0 {
		return 0, false
	}
	since := s.LastBackup
	if since.IsZero() {
		for _, t := range toks {
			if !t.Added.IsZero() && (since.IsZero() || t.Added.Before(since)) {
				since = t.Added
			}
		}
	}
	if since.IsZero() || now.Before(since) {
		return 0, false
	}
	age := now.Sub(since)
	return int(age / (24 * time.Hour)), age >= BackupAfter
}

// backupEntries are the reminder's lines, shown while a backup is due.
func (b *builder) backupEntries() []Entry {
	toks := make([]token.Token, len(b.in.Tokens))
	for i, tv := range b.in.Tokens {
		toks[i] = tv.Token
	}
	line := disabled(KeyBackupDue, "")
	help := item(KeyBackupHelp, actionOf(b.in.Memo, OpenPage{PageTokens}), b.T("traytransfer.backup.help"))
	if days, due := BackupAge(b.in.Settings, toks, b.in.Now); due {
		line.Label = b.T("traytransfer.backup.due", "Days", days)
	} else {
		line.Visible, help.Visible = false, false
	}
	return []Entry{line, help}
}

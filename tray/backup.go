package tray

import (
	"time"

	"github.com/otptray/otptray/token"
)

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
	help := item(KeyBackupHelp, b.T("traytransfer.backup.help"))
	if days, due := BackupAge(b.in.Settings, toks, b.in.Now); due {
		line.Label = b.T("traytransfer.backup.due", "Days", days)
	} else {
		line.Visible, help.Visible = false, false
	}
	return []Entry{line, help}
}

// remindBackup toasts that a backup is due, at most once every
// BackupRemindEvery.
func (a *App) remindBackup(now time.Time) {
	s := a.settings()
	days, due := BackupAge(s, a.data.Tokens, now)
	if !due {
		return
	}
	last := s.BackupReminded
	if last.After(now) {
		// From a clock that was set wrong then: ignore it.
		last = time.Time{}
	}
	if a.xfer.reminded.After(last) {
		// Saving the settings may have failed: do not toast every second.
		last = a.xfer.reminded
	}
	if !last.IsZero() && now.Sub(last) < BackupRemindEvery {
		return
	}
	a.xfer.reminded = now
	a.notify(a.loc.T("traytransfer.backup.title"), a.loc.T("traytransfer.backup.toast", "Days", days))
	a.saveSettings(now, func(s *token.Settings) { s.BackupReminded = now.UTC().Truncate(time.Second) })
}

package tray

import (
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// remindBackup toasts that a backup is due (menu.BackupAge), at most once
// every menu.BackupRemindEvery.
func (a *app) remindBackup(now time.Time) {
	s := a.settings()
	days, due := menu.BackupAge(s, a.keys.data.Tokens, now)
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
	if !last.IsZero() && now.Sub(last) < menu.BackupRemindEvery {
		return
	}
	a.xfer.reminded = now
	a.notify(a.loc.T("traytransfer.backup.title"), a.loc.T("traytransfer.backup.toast", "Days", days))
	a.saveSettings(func(s *token.Settings) { s.BackupReminded = now.UTC().Truncate(time.Second) })
}

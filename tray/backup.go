package tray

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/menu"
)

// remindBackup toasts that a backup is due (menu.BackupAge), at most once
// every menu.BackupRemindEvery.
func (a *app) remindBackup(now time.Time) {
	days, due := menu.BackupAge(a.settings(), a.keys.data.Tokens, now)
	if !due {
		return
	}
	last := a.prefs().BackupReminded
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
	a.savePrefs(func(p *prefs.Prefs) { p.BackupReminded = now.UTC().Truncate(time.Second) })
}

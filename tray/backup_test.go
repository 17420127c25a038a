package tray

import (
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

const day = 24 * time.Hour

func TestBackupReminderToastWeekly(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tok := vipToken()
	tok.Added = t0
	h := newHarness(t, tok)
	reminders := func() []toast {
		var out []toast
		for _, ts := range h.sys.toasts {
			if ts.title == "Time for a backup" {
				out = append(out, ts)
			}
		}
		return out
	}
	at := func(d time.Duration) time.Time { return t0.Add(d) }

	h.start(at(29*day + 23*time.Hour))
	if n := len(reminders()); n != 0 {
		t.Fatalf("reminded at 29 days: %v", reminders())
	}
	h.refresh(at(30 * day))
	want := "Your tokens have had no backup for 30 days. If this PC is lost or broken, they are gone. Run “otptray-cli backup --out FILE” and keep the file somewhere else."
	if r := reminders(); len(r) != 1 || r[0].body != want {
		t.Fatalf("at 30 days: %v, want one %q", r, want)
	}
	if got := h.prefs(t).BackupReminded; !got.Equal(at(30 * day)) {
		t.Errorf("BackupReminded = %v, want %v", got, at(30*day))
	}
	if got := h.ui.label(t, menu.KeyBackupDue); got != "No backup for 30 days" {
		t.Errorf("line %q", got)
	}
	for _, d := range []time.Duration{30*day + time.Second, 34 * day, 37*day - time.Second} {
		h.refresh(at(d))
	}
	if r := reminders(); len(r) != 1 {
		t.Fatalf("within the week: %d reminders", len(r))
	}
	if got := h.ui.label(t, menu.KeyBackupDue); got != "No backup for 36 days" {
		t.Errorf("line %q", got)
	}
	h.refresh(at(37 * day))
	if r := reminders(); len(r) != 2 {
		t.Fatalf("a week later: %d reminders, want 2", len(r))
	}

	// A restart remembers the last reminder.
	h.app.stop()
	h2 := newHarness(t)
	h2.app.Store = h.store
	h2.start(at(38 * day))
	for _, ts := range h2.sys.toasts {
		if ts.title == "Time for a backup" {
			t.Errorf("reminded again after a restart: %+v", ts)
		}
	}
	if got := h2.ui.label(t, menu.KeyBackupDue); got != "No backup for 38 days" {
		t.Errorf("after the restart: line %q", got)
	}

	// otptray-cli backup sets LastBackup: the line goes, and the next
	// reminder comes 30 days after the backup.
	if err := h.store.Update(func(d *token.Data) error { d.Settings.LastBackup = at(38 * day); return nil }); err != nil {
		t.Fatal(err)
	}
	h2.refresh(at(38*day + time.Minute))
	if f := h2.ui.entries[menu.KeyBackupDue]; f.Visible {
		t.Errorf("line still shown after a backup: %+v", f)
	}
	h2.refresh(at(68*day - time.Second))
	h2.refresh(at(68 * day))
	var n int
	for _, ts := range h2.sys.toasts {
		if ts.title == "Time for a backup" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reminders by 30 days after the backup, want 1", n)
	}
}

// TestBackupReminderFutureDate: a reminder date ahead of the clock (set
// while the clock was wrong) does not silence the reminder for good.
func TestBackupReminderFutureDate(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tok := vipToken()
	tok.Added = t0
	h := newHarness(t, tok)
	if err := h.store.Update(prefs.Change(func(p *prefs.Prefs) { p.BackupReminded = t0.Add(3650 * day) })); err != nil {
		t.Fatal(err)
	}
	h.start(t0.Add(31 * day))
	h.refresh(t0.Add(31*day + time.Second))
	var n int
	for _, ts := range h.sys.toasts {
		if ts.title == "Time for a backup" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reminders, want 1", n)
	}
}

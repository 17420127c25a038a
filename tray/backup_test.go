package tray

import (
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

const day = 24 * time.Hour

func TestBackupAge(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	added := func(ds ...int) []token.Token {
		var out []token.Token
		for _, d := range ds {
			tok := vipToken()
			if d >= 0 {
				tok.Added = t0.Add(time.Duration(d) * day)
			}
			out = append(out, tok)
		}
		return out
	}
	tests := []struct {
		name   string
		backup time.Time
		toks   []token.Token
		now    time.Time
		days   int
		due    bool
	}{
		{"no tokens", time.Time{}, nil, t0.Add(400 * day), 0, false},
		{"never, 29 days after the first token", time.Time{}, added(0, 5), t0.Add(29*day + 23*time.Hour), 29, false},
		{"never, 30 days after the first token", time.Time{}, added(5, 0), t0.Add(30 * day), 30, true},
		{"never, 34 days", time.Time{}, added(0), t0.Add(34*day + time.Hour), 34, true},
		{"never, tokens without a date are not counted", time.Time{}, added(-1, 10), t0.Add(34 * day), 24, false},
		{"never, no dates at all", time.Time{}, added(-1), t0.Add(400 * day), 0, false},
		{"backup 29 days ago", t0.Add(10 * day), added(0), t0.Add(39 * day), 29, false},
		{"backup 30 days ago", t0.Add(10 * day), added(0), t0.Add(40 * day), 30, true},
		{"backup 34 days ago, token added since", t0.Add(10 * day), added(0, 20), t0.Add(44 * day), 34, true},
		{"clock before the backup", t0.Add(10 * day), added(0), t0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, due := BackupAge(token.Settings{LastBackup: tt.backup}, tt.toks, tt.now)
			if days != tt.days || due != tt.due {
				t.Errorf("BackupAge = %d, %v; want %d, %v", days, due, tt.days, tt.due)
			}
		})
	}
}

func TestBackupLines(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tok := vipToken()
	tok.Added = t0
	for _, tt := range []struct {
		lang  string
		days  int
		label string // "" hidden
		help  string
	}{
		{"en", 29, "", ""},
		{"en", 30, "No backup for 30 days", "How to make a backup…"},
		{"en", 34, "No backup for 34 days", "How to make a backup…"},
		{"ja", 34, "34 日間バックアップしていません", "バックアップの方法…"},
	} {
		now := t0.Add(time.Duration(tt.days)*day + 10*time.Second)
		es := Build(input(t, tt.lang, now, 0, tok)).Entries
		line, help := mustFind(t, es, KeyBackupDue), mustFind(t, es, KeyBackupHelp)
		if tt.label == "" {
			if line.Visible || help.Visible {
				t.Errorf("%s, %d days: reminder shown: %+v %+v", tt.lang, tt.days, line, help)
			}
			continue
		}
		if !line.Visible || line.Enabled || line.Label != tt.label {
			t.Errorf("%s, %d days: line %+v, want disabled %q", tt.lang, tt.days, line, tt.label)
		}
		if !help.Visible || !help.Enabled || help.Label != tt.help {
			t.Errorf("%s, %d days: help entry %+v, want %q", tt.lang, tt.days, help, tt.help)
		}
	}
}

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
	h.app.Refresh(at(30 * day))
	want := "Your tokens have had no backup for 30 days. If this PC is lost or broken, they are gone. Run “otptray-cli backup --out FILE” and keep the file somewhere else."
	if r := reminders(); len(r) != 1 || r[0].body != want {
		t.Fatalf("at 30 days: %v, want one %q", r, want)
	}
	if got := h.settings(t).BackupReminded; !got.Equal(at(30 * day)) {
		t.Errorf("BackupReminded = %v, want %v", got, at(30*day))
	}
	if got := h.ui.label(t, KeyBackupDue); got != "No backup for 30 days" {
		t.Errorf("line %q", got)
	}
	for _, d := range []time.Duration{30*day + time.Second, 34 * day, 37*day - time.Second} {
		h.app.Refresh(at(d))
	}
	if r := reminders(); len(r) != 1 {
		t.Fatalf("within the week: %d reminders", len(r))
	}
	if got := h.ui.label(t, KeyBackupDue); got != "No backup for 36 days" {
		t.Errorf("line %q", got)
	}
	h.app.Refresh(at(37 * day))
	if r := reminders(); len(r) != 2 {
		t.Fatalf("a week later: %d reminders, want 2", len(r))
	}

	// A restart remembers the last reminder.
	h.app.Stop()
	h2 := newHarness(t)
	h2.app.Store = h.store
	h2.start(at(38 * day))
	for _, ts := range h2.sys.toasts {
		if ts.title == "Time for a backup" {
			t.Errorf("reminded again after a restart: %+v", ts)
		}
	}
	if got := h2.ui.label(t, KeyBackupDue); got != "No backup for 38 days" {
		t.Errorf("after the restart: line %q", got)
	}

	// otptray-cli backup sets LastBackup: the line goes, and the next
	// reminder comes 30 days after the backup.
	if err := h.store.Update(func(d *token.Data) error { d.Settings.LastBackup = at(38 * day); return nil }); err != nil {
		t.Fatal(err)
	}
	h2.app.Refresh(at(38*day + time.Minute))
	if f := h2.ui.entries[KeyBackupDue]; f.Visible {
		t.Errorf("line still shown after a backup: %+v", f)
	}
	h2.app.Refresh(at(68*day - time.Second))
	h2.app.Refresh(at(68 * day))
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
	if err := h.store.Update(func(d *token.Data) error { d.Settings.BackupReminded = t0.Add(3650 * day); return nil }); err != nil {
		t.Fatal(err)
	}
	h.start(t0.Add(31 * day))
	h.app.Refresh(t0.Add(31*day + time.Second))
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

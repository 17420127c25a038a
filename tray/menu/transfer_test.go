package menu

import (
	"slices"
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

func TestAddTokenMenu(t *testing.T) {
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Scan QR code on screen", "Paste from clipboard", "", "Follow a backup file (path on the clipboard)…", "", "How to add a token"}},
		{"ja", []string{"画面上のQRコードを読み取る", "クリップボードから貼り付け", "", "バックアップファイルに追従（クリップボードのパス）…", "", "トークンの追加方法"}},
	} {
		in := input(t, tt.lang, unix(vecBoundary-10), 0, vipToken())
		var got []string
		for _, f := range Flatten(Build(in).Entries) {
			if f.Parent == KeyAddToken && f.Visible {
				got = append(got, f.Label)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Add token = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

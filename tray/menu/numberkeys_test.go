package menu

import (
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

func TestNumberHotkeyLabels(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 10, 0, time.UTC)
	a := token.Token{ID: "a", Name: "Bank (alice)", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: []byte("12345678901234567890")}
	b := a
	b.ID, b.Name, b.Period = "b", "Mail", 60
	in := input(t, "en", now, 0, a, b)
	plain := mustFind(t, Build(in).Entries, KeyCode+"a").Label
	if !strings.HasPrefix(plain, "Bank (alice)  "+token.Group(mustCode(t, a, now))+"  · 20 s") {
		t.Fatalf("label without presets %q", plain)
	}
	plainB := mustFind(t, Build(in).Entries, KeyCode+"b").Label
	if got := mustFind(t, Build(in).Entries, KeyTypeCode+"a").Label; got != "Type code" {
		t.Fatalf("type entry without presets %q", got)
	}

	in.Prefs.NumberTypeHotkeys = true
	in.Prefs.NumberCopyHotkeys = true
	in.Prefs.Tokens = map[string]prefs.TokenPrefs{"b": {CopyHotkey: "Win+Ctrl+1"}} // wins over a's copy preset
	in.Status.WinKey = "Super"
	es := Build(in).Entries
	for key, want := range map[string]string{
		KeyCode + "a":     plain, // Super+Ctrl+1 is b's own
		KeyTypeCode + "a": "Type code    Super+Alt+1",
		KeyCode + "b":     plainB + "    Super+Ctrl+2",
		KeyTypeCode + "b": "Type code    Super+Alt+2",
	} {
		if got := mustFind(t, es, key).Label; got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}

	// The switches, under Hotkey.
	for _, tt := range []struct {
		key, label string
		act        Action
	}{
		{KeyNumberHotkeys + "type", "Super+Alt+1 … Super+Alt+9 type the first nine codes", ToggleNumberHotkeys{Type: true}},
		{KeyNumberHotkeys + "copy", "Super+Ctrl+1 … Super+Ctrl+9 copy the first nine codes", ToggleNumberHotkeys{}},
	} {
		e := mustFind(t, es, tt.key)
		if e.Label != tt.label || !e.Checkable || !e.Checked || e.Action != tt.act {
			t.Errorf("%s: %+v", tt.key, e)
		}
	}
	in.Prefs.NumberCopyHotkeys = false
	if e := mustFind(t, Build(in).Entries, KeyNumberHotkeys+"copy"); e.Checked {
		t.Errorf("copy switch checked while off")
	}
	ja := input(t, "ja", now, 0, a)
	ja.Prefs.NumberTypeHotkeys = true
	if got := mustFind(t, Build(ja).Entries, KeyNumberHotkeys+"type").Label; got != "Win+Alt+1〜Win+Alt+9 で先頭の 9 個のコードを入力" {
		t.Errorf("ja: %q", got)
	}
}

func mustCode(t *testing.T, tok token.Token, now time.Time) string {
	t.Helper()
	w, err := tok.WindowAt(now, 0)
	if err != nil {
		t.Fatal(err)
	}
	return w.Code
}

package menu

import (
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

func TestExpiryLines(t *testing.T) {
	now := time.Date(2026, 11, 7, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tt := range []struct {
		left time.Duration
		want string // "" no line
	}{
		{31 * day, ""},
		{30*day + time.Second, ""},
		{30 * day, "VIP Access expires in 30 days (2026-12-07)"},
		{12 * day, "VIP Access expires in 12 days (2026-11-19)"},
		{day + time.Second, "VIP Access expires in 2 days (2026-11-08)"},
		{day, "VIP Access expires within a day (2026-11-08)"},
		{time.Second, "VIP Access expires within a day (2026-11-07)"},
		{0, "VIP Access expired on 2026-11-07: create a new VIP credential and register it"},
		{-40 * day, "VIP Access expired on 2026-09-28: create a new VIP credential and register it"},
	} {
		tok := vipToken()
		tok.VIP.Expiry = now.Add(tt.left)
		m := Build(input(t, "en", now, 0, tok))
		e := mustFind(t, m.Entries, KeyVIPExpiry+"vip1")
		if got := map[bool]string{true: e.Label}[e.Visible]; got != tt.want || e.Enabled {
			t.Errorf("%v left: %q (enabled %v), want %q", tt.left, got, e.Enabled, tt.want)
		}
	}
	// No expiry known, or not VIP: no line.
	for _, tok := range []token.Token{vipToken(), func() token.Token { t := vipToken(); t.VIP = nil; return t }()} {
		if e, ok := find(Build(input(t, "en", now, 0, tok)).Entries, KeyVIPExpiry+"vip1"); ok && e.Visible {
			t.Errorf("line %+v for %+v", e, tok.VIP)
		}
	}
	tok := vipToken()
	tok.VIP.Expiry = now.Add(12 * day)
	if e := mustFind(t, Build(input(t, "ja", now, 0, tok)).Entries, KeyVIPExpiry+"vip1"); e.Label != "VIP Access の有効期限まであと 12 日（2026-11-19）" {
		t.Errorf("ja: %q", e.Label)
	}
}

func TestRegistrationHelperJapanese(t *testing.T) {
	now := unix(vecBoundary - 10)
	tok := vipToken()
	in := input(t, "ja", now, 0, tok)
	first, _ := tok.WindowAt(now, 0)
	second, _ := tok.WindowAt(first.Until, 0)
	in.Status.Features = FeatureStatus{NewVIP: true, Helper: &Helper{TokenID: "vip1", Name: "VIP Access", CredentialID: "SYDC12345678", First: first, Second: second}}
	m := Build(in)
	for key, want := range map[string]string{
		KeyNewVIP:            "VIP クレデンシャルを新規作成…",
		KeyRegister + "vip1": "銀行などで登録…",
		KeyHelperHead:        "VIP Access の登録: クレデンシャルID SYDC 1234 5678 をコピーしました",
		KeyHelperFirst:       "\u2003\u2003OTP1: 081 804（現在）",
		KeyHelperSecond:      "\u2003\u2003OTP2: 050 471（" + unix(vecBoundary).Format("15:04:05") + " から）",
		KeyHelperDone:        "\u2003\u2003登録を終了",
	} {
		if e := mustFind(t, m.Entries, key); e.Label != want || !e.Visible {
			t.Errorf("%s: %q (visible %v), want %q", key, e.Label, e.Visible, want)
		}
	}
}

// The helper's codes are clickable, each copying its own code, and sit
// indented under the head line that names the token; the head stays a
// label. Hidden or shown, each line keeps its action, so that starting the
// helper changes no structure.
func TestRegistrationHelperLines(t *testing.T) {
	now := unix(vecBoundary - 10)
	tok := vipToken()
	first, _ := tok.WindowAt(now, 0)
	second, _ := tok.WindowAt(first.Until, 0)
	idle := Build(input(t, "en", now, 0, tok))
	in := input(t, "en", now, 0, tok)
	in.Status.Features.Helper = &Helper{TokenID: "vip1", Name: "VIP Access", CredentialID: "SYDC12345678", First: first, Second: second}
	m := Build(in)
	if _, rebuild := Diff(idle.Entries, m.Entries); rebuild {
		t.Error("starting the helper changes the menu's structure")
	}
	for _, tt := range []struct {
		key     string
		label   string
		act     Action
		enabled bool
	}{
		{KeyHelperHead, "Registering VIP Access: credential ID SYDC 1234 5678 copied", nil, false},
		{KeyHelperFirst, HelperIndent + "OTP1: 081 804 (now)", CopyHelperCode{N: 1}, true},
		{KeyHelperSecond, HelperIndent + "OTP2: 050 471 from " + second.From.Format("15:04:05"), CopyHelperCode{N: 2}, true},
		{KeyHelperDone, HelperIndent + "Done registering", EndHelper{}, true},
	} {
		e := mustFind(t, m.Entries, tt.key)
		if e.Label != tt.label || e.Action != tt.act || e.Enabled != tt.enabled || !e.Visible {
			t.Errorf("%s: %q action %#v enabled %v visible %v; want %q %#v enabled %v", tt.key, e.Label, e.Action, e.Enabled, e.Visible, tt.label, tt.act, tt.enabled)
		}
		if idleEntry := mustFind(t, idle.Entries, tt.key); idleEntry.Visible || idleEntry.Action != tt.act {
			t.Errorf("%s while idle: visible %v, action %#v", tt.key, idleEntry.Visible, idleEntry.Action)
		}
	}
	if e := mustFind(t, m.Entries, KeyHelperSecond); e.Tooltip != "Copy OTP2" {
		t.Errorf("OTP2 tooltip %q", e.Tooltip)
	}
}

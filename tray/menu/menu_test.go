package menu

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

// rfcSecret is the SHA-1 key of the RFC 6238 test vectors (Appendix B).
var rfcSecret = []byte("12345678901234567890")

// RFC 6238 Appendix B gives, for SHA-1 and 8 digits, 07081804 at Unix time
// 1111111109 and 14050471 at 1111111111; 6-digit codes are the last six
// digits. 1111111110 is the period boundary between them.
const (
	vecBoundary   = 1111111110
	vecCodeBefore = "081804"
	vecCodeAfter  = "050471"
)

func unix(sec float64) time.Time {
	return time.Unix(0, int64(sec*1e9))
}

func vipToken() token.Token {
	return token.Token{ID: "vip1", Name: "VIP Access", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30,
		VIP: &token.VIP{CredentialID: "SYDC12345678"}, Secret: rfcSecret}
}

// views computes the token views at now, as the program does.
func views(t *testing.T, now time.Time, offset time.Duration, toks ...token.Token) []TokenView {
	t.Helper()
	var out []TokenView
	for _, tok := range toks {
		w, err := tok.WindowAt(now, offset)
		if err != nil {
			t.Fatalf("window of %s: %v", tok.Name, err)
		}
		tok.Secret = nil
		out = append(out, TokenView{Token: tok, Window: w})
	}
	return out
}

func input(t *testing.T, lang string, now time.Time, offset time.Duration, toks ...token.Token) Input {
	t.Helper()
	return Input{
		Now:    now,
		Tokens: views(t, now, offset, toks...),
		Loc:    i18n.New(lang),
		Status: Status{
			Hotkey:        "ctrl+alt+o",
			HotkeyChoices: []string{"ctrl+alt+o", "ctrl+shift+f9"},
			Version:       "1.2.3",
			DataDir:       "/home/u/.config/otptray",
		},
	}
}

func find(es []Entry, key string) (Entry, bool) {
	for _, f := range Flatten(es) {
		if f.Key == key {
			return f.Entry, true
		}
	}
	return Entry{}, false
}

func mustFind(t *testing.T, es []Entry, key string) Entry {
	t.Helper()
	e, ok := find(es, key)
	if !ok {
		t.Fatalf("no entry %q in the menu", key)
	}
	return e
}

func TestCodeLabelAtBoundaries(t *testing.T) {
	tests := []struct {
		name    string
		now     float64
		offset  time.Duration
		label   string
		tooltip string
	}{
		{"just before the boundary", vecBoundary - 0.001, 0, "VIP Access  081 804  · 1 s", "VIP Access: 081 804 · 1 s left"},
		{"at the boundary", vecBoundary, 0, "VIP Access  050 471  · 30 s", "VIP Access: 050 471 · 30 s left"},
		{"just after the boundary", vecBoundary + 0.001, 0, "VIP Access  050 471  · 30 s", "VIP Access: 050 471 · 30 s left"},
		{"a whole second before", vecBoundary - 1, 0, "VIP Access  081 804  · 1 s", "VIP Access: 081 804 · 1 s left"},
		{"a second and a bit before", vecBoundary - 1.001, 0, "VIP Access  081 804  · 2 s", "VIP Access: 081 804 · 2 s left"},
		{"mid window", vecBoundary - 17.5, 0, "VIP Access  081 804  · 18 s", "VIP Access: 081 804 · 18 s left"},
		// A clock half a second slow: codes change half a second early on the local clock.
		{"offset +0.5 s, just before", vecBoundary - 0.501, 500 * time.Millisecond, "VIP Access  081 804  · 1 s", "VIP Access: 081 804 · 1 s left"},
		{"offset +0.5 s, at", vecBoundary - 0.5, 500 * time.Millisecond, "VIP Access  050 471  · 30 s", "VIP Access: 050 471 · 30 s left"},
		// A clock two seconds fast: codes change two seconds late.
		{"offset -2 s, before", vecBoundary + 1.999, -2 * time.Second, "VIP Access  081 804  · 1 s", "VIP Access: 081 804 · 1 s left"},
		{"offset -2 s, at", vecBoundary + 2, -2 * time.Second, "VIP Access  050 471  · 30 s", "VIP Access: 050 471 · 30 s left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(input(t, "en", unix(tt.now), tt.offset, vipToken()))
			if got := mustFind(t, m.Entries, KeyCode+"vip1").Label; got != tt.label {
				t.Errorf("label = %q, want %q", got, tt.label)
			}
			if m.Tooltip != tt.tooltip {
				t.Errorf("tooltip = %q, want %q", m.Tooltip, tt.tooltip)
			}
			if cd := mustFind(t, m.Entries, KeyCountdown); cd.Visible {
				t.Errorf("one token has a shared countdown line %q", cd.Label)
			}
		})
	}
}

func TestCredentialID(t *testing.T) {
	plain := vipToken()
	plain.ID, plain.Name, plain.VIP = "plain", "GitHub", nil
	for _, hide := range []bool{false, true} {
		t.Run(fmt.Sprint("hide=", hide), func(t *testing.T) {
			in := input(t, "en", unix(vecBoundary), 0, vipToken(), plain)
			in.Prefs.HideCredentialID = hide
			m := Build(in)
			e := mustFind(t, m.Entries, KeyCredentialID+"vip1")
			if e.Visible == hide {
				t.Errorf("credential ID line visible = %v with HideCredentialID = %v", e.Visible, hide)
			}
			if want := "Copy credential ID  SYDC 1234 5678"; !hide && e.Label != want {
				t.Errorf("label = %q, want %q", e.Label, want)
			}
			if p := mustFind(t, m.Entries, KeyCredentialID+"plain"); p.Visible {
				t.Errorf("a token without a credential ID shows the line %q", p.Label)
			}
			if c := mustFind(t, m.Entries, KeyShowCredID); c.Checked == hide || !c.Checkable {
				t.Errorf("setting entry %+v with HideCredentialID = %v", c, hide)
			}
		})
	}
}

func TestTypeCodeEntryPerToken(t *testing.T) {
	plain := vipToken()
	plain.ID, plain.Name, plain.VIP = "plain", "GitHub", nil
	in := input(t, "en", unix(vecBoundary), 0, vipToken(), plain)
	m := Build(in)
	for _, id := range []string{"vip1", "plain"} {
		e := mustFind(t, m.Entries, KeyTypeCode+id)
		if !e.Visible || !e.Enabled || e.Label != "Type code" || e.Action != (TypeCode{id}) {
			t.Errorf("type entry of %s = %+v, want an enabled \"Type code\" typing %s", id, e, id)
		}
	}
	ja := input(t, "ja", unix(vecBoundary), 0, vipToken())
	if e := mustFind(t, Build(ja).Entries, KeyTypeCode+"vip1"); e.Label != "コードを入力" {
		t.Errorf("Japanese label %q", e.Label)
	}
}

func TestJapaneseLabels(t *testing.T) {
	in := input(t, "ja", unix(vecBoundary-17.5), 0, vipToken())
	in.Prefs.Notify = NotifyChange
	m := Build(in)
	for key, want := range map[string]string{
		KeyCode + "vip1":         "VIP Access  081 804  · 18 秒",
		KeyCredentialID + "vip1": "クレデンシャルIDをコピー  SYDC 1234 5678",
		KeySettings:              "設定",
		KeyNotifyMode + "change": "コードが変わるたびに通知",
		KeyClearAfter + "30":     "30 秒後に消去",
		KeyLang + "en":           "English",
		KeyLang + "ja":           "日本語",
		KeyHelpPage + PageStart:  "はじめに",
		KeyDataDir:               "データフォルダー: /home/u/.config/otptray",
		KeyQuit:                  "終了",
	} {
		if got := mustFind(t, m.Entries, key).Label; got != want {
			t.Errorf("%s: label = %q, want %q", key, got, want)
		}
	}
	if want := "VIP Access: 081 804 · 残り 18 秒"; m.Tooltip != want {
		t.Errorf("tooltip = %q, want %q", m.Tooltip, want)
	}
	if !mustFind(t, m.Entries, KeyNotifyMode+"change").Checked || mustFind(t, m.Entries, KeyNotifyMode+"copy").Checked {
		t.Error("notification choice not ticked as set")
	}
}

func TestEmptyStore(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := Build(input(t, lang, unix(vecBoundary), 0))
		first := mustFind(t, m.Entries, KeyFirstRun)
		if !first.Visible || !first.Enabled || !strings.Contains(first.Label, "otptray-cli add") {
			t.Errorf("%s: first-run entry %+v", lang, first)
		}
		for _, f := range Flatten(m.Entries) {
			if strings.HasPrefix(f.Key, KeyCode) {
				t.Errorf("%s: empty store shows %q", lang, f.Key)
			}
		}
		want := map[string]string{"en": "otptray: no tokens yet", "ja": "otptray: トークンがまだありません"}[lang]
		if m.Tooltip != want {
			t.Errorf("%s: tooltip = %q, want %q", lang, m.Tooltip, want)
		}
		if !NextChange(nil, unix(vecBoundary)).IsZero() {
			t.Errorf("%s: an empty store has a next change", lang)
		}
	}
	m := Build(input(t, "en", unix(vecBoundary), 0, vipToken()))
	if _, ok := find(m.Entries, KeyFirstRun); ok {
		t.Error("first-run entry shown with a token")
	}
	damaged := input(t, "en", unix(vecBoundary), 0)
	damaged.Status.Problems = map[string]error{ProblemLoad: errors.New("damaged")}
	if e := mustFind(t, Build(damaged).Entries, KeyFirstRun); e.Visible {
		t.Error("first-run entry shown while the tokens file cannot be read")
	}
}

// manyTokens makes n TOTP tokens with different secrets.
func manyTokens(n int) []token.Token {
	var out []token.Token
	for i := range n {
		out = append(out, token.Token{ID: fmt.Sprintf("id%02d", i), Name: fmt.Sprintf("Token %02d", i), Kind: token.TOTP,
			Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: fmt.Appendf(nil, "secret-%02d-0123456789", i)})
	}
	return out
}

func TestManyTokensShareOneCountdown(t *testing.T) {
	// The 30 s windows end at 1111111170, the 60 s one at 1111111200.
	now := unix(vecBoundary + 42.25)
	toks := manyTokens(50)
	// One 60 s token: its window ends later than the others', so it keeps its own countdown.
	long := vipToken()
	long.ID, long.Name, long.Period, long.VIP = "long", "Slow", 60, nil
	toks = append(toks, long)
	in := input(t, "en", now, 0, toks...)
	m := Build(in)

	var codes int
	for _, f := range Flatten(m.Entries) {
		if !strings.HasPrefix(f.Key, KeyCode) || f.Key == KeyCode+"long" {
			continue
		}
		codes++
		w, err := toks[codes-1].WindowAt(now, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := toks[codes-1].Name + "  " + token.Group(w.Code)
		if codes == 1 {
			want += "  ★" // the default token
		}
		if f.Label != want {
			t.Errorf("%s: label = %q, want %q (no countdown of its own)", f.Key, f.Label, want)
		}
	}
	if codes != 50 {
		t.Fatalf("%d code entries, want 50", codes)
	}
	if cd := mustFind(t, m.Entries, KeyCountdown); !cd.Visible || cd.Label != "Next codes in 18 s" {
		t.Errorf("shared countdown = %+v, want visible \"Next codes in 18 s\"", cd)
	}
	w, _ := long.WindowAt(now, 0)
	wantLong := fmt.Sprintf("Slow  %s  · 48 s", token.Group(w.Code))
	if got := mustFind(t, m.Entries, KeyCode+"long").Label; got != wantLong {
		t.Errorf("60 s token label = %q, want %q", got, wantLong)
	}

	// A second later only the countdowns change, not the 50 code lines.
	later := input(t, "en", now.Add(time.Second), 0, toks...)
	changed, rebuild := Diff(m.Entries, Build(later).Entries)
	if rebuild {
		t.Fatal("a second passing rebuilds the menu")
	}
	var keys []string
	for _, c := range changed {
		keys = append(keys, c.Key)
	}
	if want := []string{KeyCode + "long", KeyCountdown}; !slices.Equal(keys, want) {
		t.Errorf("changed after 1 s: %v, want %v", keys, want)
	}
}

func TestHOTP(t *testing.T) {
	h := token.Token{ID: "h", Name: "Bank", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Counter: 1, Secret: rfcSecret}
	now := unix(vecBoundary)
	in := input(t, "en", now, 0, h)
	m := Build(in)
	// RFC 4226 Appendix D: counter 1 gives 287082.
	if got, want := mustFind(t, m.Entries, KeyCode+"h").Label, "Bank  287 082"; got != want {
		t.Errorf("label = %q, want %q", got, want)
	}
	if m.Tooltip != "Bank: 287 082" {
		t.Errorf("tooltip = %q", m.Tooltip)
	}
	if next := NextChange(in.Tokens, now); !next.IsZero() {
		t.Errorf("HOTP has a next change at %v", next)
	}
	if w := Wake(in.Tokens, now); !w.Equal(now.Add(MaxSleep)) {
		t.Errorf("wake = %v, want now+%v", w, MaxSleep)
	}
}

func TestProblemsShowAndHide(t *testing.T) {
	now := unix(vecBoundary)
	in := input(t, "en", now, 0, vipToken())
	before := Build(in)
	locked := msg.New("keyring.failed", nil)
	in.Tokens[0] = TokenView{Token: in.Tokens[0].Token, Err: locked}
	in.Status.Problems = map[string]error{
		ProblemKeyring: msg.New("tray.err.secret", locked, "Name", "VIP Access"),
		ProblemHotkey:  msg.New("tray.err.hotkey", errors.New("BadAccess"), "Combo", "Ctrl+Alt+O"),
	}
	after := Build(in)
	p := mustFind(t, after.Entries, KeyProblem+ProblemKeyring)
	whole := "cannot read the secret of \"VIP Access\": the system keyring refused the request"
	if want := "cannot read the secret of \"VIP Access\": the system keyring…"; !p.Visible || p.Label != want || p.Tooltip != whole {
		t.Errorf("keyring problem line = %+v, want %q with the whole message as its tooltip", p, want)
	}
	if g := mustFind(t, after.Entries, KeyProblems); !g.Visible || g.Label != "⚠ Problems (2)" {
		t.Errorf("problems line = %+v", g)
	}
	if c := mustFind(t, after.Entries, KeyCode+"vip1"); c.Enabled || c.Label != "VIP Access: no code (see ⚠ below)" {
		t.Errorf("token without secret: %+v", c)
	}
	if want := "VIP Access: no code (open the menu for the reason)"; after.Tooltip != want {
		t.Errorf("tooltip = %q, want %q", after.Tooltip, want)
	}
	if f := mustFind(t, after.Entries, KeyHotkeyFailed); !f.Visible || f.Label != "Ctrl+Alt+O is taken: choose another one" {
		t.Errorf("hotkey failure line in Settings: %+v", f)
	}
	changed, rebuild := Diff(before.Entries, after.Entries)
	if rebuild {
		t.Fatal("a problem appearing rebuilds the menu")
	}
	var keys []string
	for _, c := range changed {
		keys = append(keys, c.Key)
	}
	// The token's "Type code" is disabled: there is no code to type.
	want := []string{KeyCode + "vip1", KeyTypeCode + "vip1", KeyHotkeyFailed, KeyProblems,
		KeyProblem + ProblemKeyring, KeyProblemShow + ProblemKeyring, KeyProblem + ProblemHotkey, KeyProblemShow + ProblemHotkey}
	if !slices.Equal(keys, want) {
		t.Errorf("changed = %v, want %v", keys, want)
	}
}

func TestDiff(t *testing.T) {
	now := unix(vecBoundary + 3.5)
	base := input(t, "en", now, 0, vipToken())
	m := Build(base)

	keysOf := func(fs []Flat) []string {
		var ks []string
		for _, f := range fs {
			ks = append(ks, f.Key)
		}
		return ks
	}
	tests := []struct {
		name    string
		change  func(in *Input)
		rebuild bool
		keys    []string
	}{
		{"nothing", func(in *Input) {}, false, nil},
		{"half a second, same countdown", func(in *Input) {
			in.Now = now.Add(400 * time.Millisecond)
			in.Tokens = views(t, in.Now, 0, vipToken())
		}, false, nil},
		{"next second", func(in *Input) {
			in.Now = now.Add(time.Second)
			in.Tokens = views(t, in.Now, 0, vipToken())
		}, false, []string{KeyCode + "vip1"}},
		{"hide credential ID", func(in *Input) { in.Prefs.HideCredentialID = true }, false,
			[]string{KeyCredentialID + "vip1", KeyShowCredID}},
		{"clear never", func(in *Input) { in.Prefs.ClearAfter = -1 }, false,
			[]string{KeyClearAfter + "30", KeyClearAfter + "never"}},
		{"clear after 5 s, not offered", func(in *Input) { in.Prefs.ClearAfter = 5 }, false,
			[]string{KeyClearAfter + "30", KeyClearAfter + "custom"}},
		{"left click changed, not yet in effect", func(in *Input) { in.Prefs.LeftClick = "menu" }, false,
			[]string{KeyLeftMode + "copy", KeyLeftMode + "menu", KeyLeftRestart}},
		{"token added", func(in *Input) {
			tok := vipToken()
			tok.ID = "vip2"
			in.Tokens = views(t, now, 0, vipToken(), tok)
		}, true, nil},
		{"token renamed", func(in *Input) { in.Tokens[0].Token.Name = "Bank" }, false, []string{KeyCode + "vip1", KeyManage + "vip1", KeyManageConfirm + "vip1", KeyShowQRFor + "vip1"}},
		{"clock sync offered", func(in *Input) { in.Status.ClockSync = true }, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.Tokens = slices.Clone(base.Tokens)
			tt.change(&in)
			changed, rebuild := Diff(m.Entries, Build(in).Entries)
			if rebuild != tt.rebuild {
				t.Fatalf("rebuild = %v, want %v", rebuild, tt.rebuild)
			}
			if got := keysOf(changed); !slices.Equal(got, tt.keys) {
				t.Errorf("changed = %v, want %v", got, tt.keys)
			}
		})
	}

	// Switching the language changes labels but not the structure.
	ja := base
	ja.Loc = i18n.New("ja")
	changed, rebuild := Diff(m.Entries, Build(ja).Entries)
	if rebuild || len(changed) < 20 {
		t.Errorf("language switch: rebuild = %v, %d changed", rebuild, len(changed))
	}
}

func TestNextChange(t *testing.T) {
	tests := []struct {
		name   string
		now    float64
		offset time.Duration
		want   float64
	}{
		{"mid second", 100.3, 0, 101},
		{"on a whole second", 100, 0, 101},
		{"just before the boundary", 119.999, 0, 120},
		{"at the boundary", 120, 0, 121},
		// Offset +0.25 s: true time is 0.25 s ahead, windows end at local k*30-0.25.
		{"offset +0.25 s", 100.3, 250 * time.Millisecond, 100.75},
		{"offset +0.25 s before local boundary", 119.7, 250 * time.Millisecond, 119.75},
		// Offset -0.75 s: windows end at local k*30+0.75.
		{"offset -0.75 s", 100.3, -750 * time.Millisecond, 100.75},
		{"offset -0.75 s, late in the second", 100.8, -750 * time.Millisecond, 101.75},
		{"offset -0.75 s, past the true boundary", 120.5, -750 * time.Millisecond, 120.75},
		{"offset +1.5 s", 100.3, 1500 * time.Millisecond, 100.5},
		{"offset -12 s", 100.3, -12 * time.Second, 101},
	}
	tok := vipToken()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := unix(tt.now)
			tvs := views(t, now, tt.offset, tok)
			got := NextChange(tvs, now)
			if want := unix(tt.want); !got.Equal(want) {
				t.Errorf("next = %.3f, want %.3f", float64(got.UnixNano())/1e9, tt.want)
			}
			// Nothing the token shows changes before the instant; something does at it.
			label := func(at time.Time) string {
				return mustFind(t, Build(Input{Now: at, Tokens: views(t, at, tt.offset, tok), Loc: i18n.New("en")}).Entries, KeyCode+tok.ID).Label
			}
			if a, b := label(now), label(got.Add(-time.Nanosecond)); a != b {
				t.Errorf("label changed before the next change: %q -> %q", a, b)
			}
			if a, b := label(now), label(got); a == b {
				t.Errorf("label unchanged at the next change: %q", a)
			}
		})
	}
}

func TestNextChangeTakesTheEarliest(t *testing.T) {
	fast := vipToken()
	slow := vipToken()
	slow.ID, slow.Period = "slow", 60
	hotp := token.Token{ID: "h", Name: "h", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Secret: rfcSecret}
	now := unix(89.5) // fast window ends at 90, slow at 120: both tick at 90.0
	tvs := views(t, now, 0, hotp, slow, fast)
	if got := NextChange(tvs, now); !got.Equal(unix(90)) {
		t.Errorf("next = %v, want 90", got)
	}
	if got := Wake(tvs, now); !got.Equal(unix(90)) {
		t.Errorf("wake = %v, want 90", got)
	}
}

func TestGroupCredentialID(t *testing.T) {
	for in, want := range map[string]string{
		"SYDC12345678":   "SYDC 1234 5678",
		"sydc 1234 5678": "SYDC 1234 5678",
		"VSMT-1234-5678": "VSMT 1234 5678",
		"AB123456":       "AB 1234 56",
		"12345678":       "12345678",
		"":               "",
	} {
		if got := GroupCredentialID(in); got != want {
			t.Errorf("GroupCredentialID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComboLabel(t *testing.T) {
	for _, tt := range []struct{ combo, winKey, want string }{
		{"ctrl+alt+o", "Super", "Ctrl+Alt+O"},
		{"ctrl+shift+f9", "Super", "Ctrl+Shift+F9"},
		{"super+alt+k", "Super", "Super+Alt+K"},
		{"Win+Alt+O", "Super", "Super+Alt+O"},
		{"Win+Alt+O", "Cmd", "Cmd+Alt+O"},
		{"cmd+alt+o", "Win", "Win+Alt+O"},
		{"super+alt+o", "", "Win+Alt+O"},
		{"Control+Alt+F9", "Cmd", "Ctrl+Alt+F9"},
	} {
		if got := comboLabel(tt.combo, tt.winKey); got != tt.want {
			t.Errorf("comboLabel(%q, %q) = %q, want %q", tt.combo, tt.winKey, got, tt.want)
		}
	}
}

// TestHotkeyLabelsUseWinKey: the Settings lines name the Windows key as the
// input says.
func TestHotkeyLabelsUseWinKey(t *testing.T) {
	now := time.Unix(1700000000, 0)
	in := input(t, "en", now, 0)
	in.Status.Hotkey = "Win+Alt+O"
	in.Status.HotkeyChoices = []string{"Win+Alt+O"}
	in.Status.WinKey = "Super"
	e, ok := find(Build(in).Entries, KeyHotkeyCombo+"Win+Alt+O")
	if !ok || e.Label != "Super+Alt+O" {
		t.Errorf("hotkey choice %+v (found %v), want the label Super+Alt+O", e, ok)
	}
}

func TestClearAfter(t *testing.T) {
	for in, want := range map[int]time.Duration{0: 30 * time.Second, -1: 0, 15: 15 * time.Second, 2: 2 * time.Second} {
		if got := ClearAfter(prefs.Prefs{ClearAfter: in}); got != want {
			t.Errorf("ClearAfter(%d) = %v, want %v", in, got, want)
		}
	}
}

// BenchmarkBuild is the model's share of one refresh tick with 20 tokens.
func BenchmarkBuild(b *testing.B) {
	now := unix(vecBoundary + 3.5)
	var tvs []TokenView
	for _, tok := range manyTokens(20) {
		w, err := tok.WindowAt(now, 0)
		if err != nil {
			b.Fatal(err)
		}
		tvs = append(tvs, TokenView{Token: tok, Window: w})
	}
	in := Input{Now: now, Tokens: tvs, Loc: i18n.New("en"), Status: Status{HotkeyChoices: []string{"Win+Alt+O"}}, Memo: &Memo{}}
	old := Build(in)
	for b.Loop() {
		m := Build(in)
		Diff(old.Entries, m.Entries)
	}
}

func TestMemoGivesTheSameMenu(t *testing.T) {
	memo := &Memo{}
	for _, lang := range []string{"en", "ja", "en"} {
		for _, sec := range []float64{vecBoundary - 1, vecBoundary, vecBoundary + 1} {
			in := input(t, lang, unix(sec), 0, vipToken())
			plain := Build(in)
			in.Memo = memo
			cached := Build(in)
			if changed, rebuild := Diff(plain.Entries, cached.Entries); rebuild || len(changed) > 0 || plain.Tooltip != cached.Tooltip {
				t.Errorf("%s at %v: memoised menu differs: %v", lang, sec, changed)
			}
		}
	}
}

// TestActionFollowsKey: whatever the state, an entry with a given key has
// the same action (the controller keeps the actions of the menu it built
// and takes in-place updates without looking again).
func TestActionFollowsKey(t *testing.T) {
	now := unix(vecBoundary - 10)
	hotp := token.Token{ID: "h", Name: "Bank", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Secret: rfcSecret}
	base := func() Input { return input(t, "en", now, 0, vipToken(), hotp) }
	variants := []func(*Input){
		func(in *Input) {},
		func(in *Input) {
			in.Tokens[0].Err = errors.New("locked")
			in.Status.Problems = map[string]error{ProblemKeyring: errors.New("locked"), ProblemClock: errors.New("offline")}
		},
		func(in *Input) {
			in.Status.ClockSync, in.Status.ClockRunning, in.Status.Scanning = true, true, true
			in.Status.Features = FeatureStatus{NewVIP: true, VIPRunning: true, UpdateCheck: true, UpdateRunning: true}
		},
		func(in *Input) {
			in.Status.ClockSync = true
			in.Status.Features = FeatureStatus{NewVIP: true, UpdateCheck: true, VIPErr: errors.New("offline")}
			in.Prefs.HideCredentialID, in.Prefs.ClearAfter = true, 5
		},
	}
	seen := map[string]Action{}
	for i, change := range variants {
		in := base()
		change(&in)
		for _, f := range Flatten(Build(in).Entries) {
			if old, ok := seen[f.Key]; ok && old != f.Action {
				t.Errorf("variant %d: %s has action %#v, elsewhere %#v", i, f.Key, f.Action, old)
			}
			seen[f.Key] = f.Action
		}
	}
	if seen[KeyCode+"vip1"] != (CopyCode{"vip1"}) || seen[KeySyncClock] != (SyncClock{}) || seen[KeyQuit] != (Quit{}) {
		t.Errorf("actions %v", seen)
	}
}

// TestTokenMenu: each token's submenu types, marks the default, moves
// within bounds, shows the QR code and removes only after the confirming
// entry, which Status.RemoveArmed shows.
func TestTokenMenu(t *testing.T) {
	now := unix(vecBoundary - 10)
	a, b := vipToken(), vipToken()
	b.ID, b.Name = "vip2", "Second"
	in := input(t, "en", now, 0, a, b)
	in.Default = "vip2"
	m := Build(in)
	var sub Entry
	for _, e := range m.Entries {
		if e.Key == KeyManage+"vip1" {
			sub = e
		}
	}
	var keys []string
	for _, c := range sub.Children {
		if !strings.HasPrefix(c.Key, keySeparator) {
			keys = append(keys, c.Key)
		}
	}
	want := []string{KeyTypeCode + "vip1", KeyManageDefault + "vip1", KeyManageUp + "vip1", KeyManageDown + "vip1", KeyManageQR + "vip1", KeyManageRemove + "vip1", KeyManageConfirm + "vip1"}
	if !slices.Equal(keys, want) {
		t.Fatalf("submenu %v, want %v", keys, want)
	}
	for _, c := range []struct {
		key     string
		act     Action
		enabled bool
	}{
		{KeyManageDefault + "vip1", SetDefault{"vip1"}, true},
		{KeyManageUp + "vip1", MoveToken{"vip1", -1}, false},
		{KeyManageDown + "vip1", MoveToken{"vip1", 1}, true},
		{KeyManageUp + "vip2", MoveToken{"vip2", -1}, true},
		{KeyManageDown + "vip2", MoveToken{"vip2", 1}, false},
		{KeyManageQR + "vip2", ShowQR{"vip2"}, true},
		{KeyManageRemove + "vip2", AskRemove{"vip2"}, true},
		{KeyManageConfirm + "vip2", RemoveToken{"vip2"}, true},
	} {
		e := mustFind(t, m.Entries, c.key)
		if e.Action != c.act || e.Enabled != c.enabled {
			t.Errorf("%s: action %v enabled %v, want %v %v", c.key, e.Action, e.Enabled, c.act, c.enabled)
		}
	}
	if mustFind(t, m.Entries, KeyManageDefault+"vip1").Checked || !mustFind(t, m.Entries, KeyManageDefault+"vip2").Checked {
		t.Error("Default token is not ticked for the marked one only")
	}
	if l := mustFind(t, m.Entries, KeyCode+"vip2").Label; !strings.HasPrefix(l, "Second") || !strings.HasSuffix(l, "  ★") {
		t.Errorf("default token's code %q has no mark", l)
	}
	if mustFind(t, m.Entries, KeyManageConfirm+"vip2").Visible {
		t.Error("the confirming entry shows before Remove…")
	}
	in.Status.RemoveArmed = "vip2"
	m = Build(in)
	if !mustFind(t, m.Entries, KeyManageConfirm+"vip2").Visible || mustFind(t, m.Entries, KeyManageConfirm+"vip1").Visible {
		t.Error("RemoveArmed does not show the confirming entry of that token alone")
	}
	// One token: nothing to tell apart, no mark.
	if l := mustFind(t, Build(input(t, "en", now, 0, a)).Entries, KeyCode+"vip1").Label; strings.HasSuffix(l, "★") {
		t.Errorf("a lone token is marked: %q", l)
	}
}

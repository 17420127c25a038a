package tray

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/token/clocksync/fakentp"
	"github.com/otptray/otptray/tray/desktop"
)

// fakeSystem records what the App asks of the operating system.
type fakeSystem struct {
	copied     []copied
	copyErr    error
	toasts     []toast
	opened     []string
	autostart  bool
	hotkeys    []string // registered now
	hotkeyErr  map[string]error
	registered []string // every registration, in order
}

type copied struct {
	text  string
	clear time.Duration
}

type toast struct{ title, body string }

func (f *fakeSystem) Copy(text string, clearAfter time.Duration) error {
	if f.copyErr != nil {
		return f.copyErr
	}
	f.copied = append(f.copied, copied{text, clearAfter})
	return nil
}
func (f *fakeSystem) Notify(title, body string) error {
	f.toasts = append(f.toasts, toast{title, body})
	return nil
}
func (f *fakeSystem) OpenURL(u string) error { f.opened = append(f.opened, u); return nil }
func (f *fakeSystem) Autostart() bool        { return f.autostart }
func (f *fakeSystem) SetAutostart(on bool) error {
	f.autostart = on
	return nil
}
func (f *fakeSystem) RegisterHotkey(combo string, fn func()) (func(), error) {
	f.registered = append(f.registered, combo)
	if err := f.hotkeyErr[combo]; err != nil {
		return nil, err
	}
	f.hotkeys = append(f.hotkeys, combo)
	return func() {
		f.hotkeys = slices.DeleteFunc(f.hotkeys, func(c string) bool { return c == combo })
	}, nil
}

// fakeUI keeps the menu as the tray would show it.
type fakeUI struct {
	entries  map[string]Flat
	rebuilds int
	updates  [][]string // keys changed per Update
	tooltip  string
	quit     bool
}

func (u *fakeUI) Rebuild(m Menu) {
	u.rebuilds++
	u.entries = map[string]Flat{}
	for _, f := range Flatten(m.Entries) {
		u.entries[f.Key] = f
	}
}
func (u *fakeUI) Update(changed []Flat) {
	var keys []string
	for _, f := range changed {
		if _, ok := u.entries[f.Key]; !ok {
			panic("update of an entry that was never built: " + f.Key)
		}
		u.entries[f.Key] = f
		keys = append(keys, f.Key)
	}
	u.updates = append(u.updates, keys)
}
func (u *fakeUI) SetTooltip(s string) { u.tooltip = s }
func (u *fakeUI) Quit()               { u.quit = true }

func (u *fakeUI) label(t *testing.T, key string) string {
	t.Helper()
	f, ok := u.entries[key]
	if !ok {
		t.Fatalf("no entry %q", key)
	}
	return f.Label
}

type harness struct {
	app   *App
	sys   *fakeSystem
	ui    *fakeUI
	store *token.Store
	kr    *token.MemKeyring
}

func newHarness(t *testing.T, toks ...token.Token) *harness {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("LANG", "en_US.UTF-8")
	kr := token.NewMemKeyring()
	store := token.Open(t.TempDir(), kr)
	for _, tok := range toks {
		if err := kr.Set(tok.ID, tok.Secret); err != nil {
			t.Fatal(err)
		}
	}
	if len(toks) > 0 {
		err := store.Update(func(d *token.Data) error {
			for _, tok := range toks {
				tok.Secret = nil
				d.Tokens = append(d.Tokens, tok)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{sys: &fakeSystem{}, ui: &fakeUI{}, store: store, kr: kr}
	h.app = &App{Store: store, Sys: h.sys, UI: h.ui, Version: "1.0"}
	return h
}

func (h *harness) start(now time.Time) {
	h.app.Start(now)
	h.app.Refresh(now)
}

func (h *harness) click(key string, now time.Time) {
	h.app.Handle(Event{Kind: Click, Key: key}, now)
	h.app.Refresh(now)
}

func (h *harness) settings(t *testing.T) token.Settings {
	t.Helper()
	d, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	return d.Settings
}

func TestCopyAndToastsAfterCopy(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	if got := h.ui.label(t, KeyCode+"vip1"); got != "VIP Access  081 804  · 10 s" {
		t.Fatalf("label = %q", got)
	}

	h.click(KeyCode+"vip1", now)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Fatalf("copied %v, want %v", h.sys.copied, want)
	}

	// The next two codes are announced, the third is not.
	period := 30 * time.Second
	for i, at := range []time.Time{unix(vecBoundary), unix(vecBoundary).Add(period), unix(vecBoundary).Add(2 * period)} {
		h.app.Refresh(at.Add(-time.Millisecond))
		h.app.Refresh(at)
		tok := vipToken()
		w, err := tok.WindowAt(at, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := i + 1
		if i == 2 {
			want = 2
		}
		if len(h.sys.toasts) != want {
			t.Fatalf("after boundary %d: %d toasts %v, want %d", i+1, len(h.sys.toasts), h.sys.toasts, want)
		}
		if i < 2 {
			got := h.sys.toasts[i]
			if body := "New code for VIP Access: " + token.Group(w.Code); got.body != body || got.title != "New one-time password" {
				t.Errorf("toast %d = %+v, want body %q", i+1, got, body)
			}
		}
	}
	if !strings.HasSuffix(h.sys.toasts[0].body, "050 471") {
		t.Errorf("first toast %q does not carry the RFC 6238 code 050 471", h.sys.toasts[0].body)
	}
}

func TestToastModes(t *testing.T) {
	for _, tt := range []struct {
		mode   string
		toasts int
	}{{NotifyOff, 0}, {NotifyChange, 2}, {NotifyAfterCopy, 0}} {
		t.Run("mode="+tt.mode, func(t *testing.T) {
			h := newHarness(t, vipToken())
			now := unix(vecBoundary - 5)
			h.start(now)
			if err := h.store.Update(func(d *token.Data) error { d.Settings.Notify = tt.mode; return nil }); err != nil {
				t.Fatal(err)
			}
			for _, at := range []float64{vecBoundary, vecBoundary + 30} {
				h.app.Refresh(unix(at))
			}
			if len(h.sys.toasts) != tt.toasts {
				t.Errorf("%d toasts %v, want %d", len(h.sys.toasts), h.sys.toasts, tt.toasts)
			}
		})
	}
}

func TestOnlyChangedEntriesAreSent(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.app.Refresh(unix(vecBoundary - 9.5)) // same second left: nothing
	h.app.Refresh(unix(vecBoundary - 9))
	h.app.Refresh(unix(vecBoundary))
	want := [][]string{{KeyCode + "vip1"}, {KeyCode + "vip1"}}
	if !slices.EqualFunc(h.ui.updates, want, slices.Equal) || h.ui.rebuilds != 1 {
		t.Errorf("updates %v, rebuilds %d; want %v and 1", h.ui.updates, h.ui.rebuilds, want)
	}
	if h.ui.tooltip != "VIP Access: 050 471 · 30 s left" {
		t.Errorf("tooltip %q", h.ui.tooltip)
	}
}

func TestSettingsClicks(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	if !slices.Equal(h.sys.hotkeys, []string{desktop.DefaultHotkey}) {
		t.Fatalf("hotkeys registered at start: %v", h.sys.hotkeys)
	}

	h.click(KeyShowCredID, now)
	if !h.settings(t).HideCredentialID || h.ui.entries[KeyCredentialID+"vip1"].Visible {
		t.Error("hiding the credential ID did not take")
	}
	h.click(KeyClearAfter+"15", now)
	h.click(KeyCode+"vip1", now)
	if got := h.sys.copied[len(h.sys.copied)-1].clear; got != 15*time.Second || h.settings(t).ClearAfter != 15 {
		t.Errorf("clear after 15 s: copy cleared after %v, setting %d", got, h.settings(t).ClearAfter)
	}
	h.click(KeyClearAfter+"never", now)
	if h.settings(t).ClearAfter != -1 {
		t.Errorf("never: ClearAfter = %d", h.settings(t).ClearAfter)
	}
	h.click(KeyNotifyMode+"change", now)
	if h.settings(t).Notify != NotifyChange {
		t.Errorf("notify = %q", h.settings(t).Notify)
	}
	h.click(KeyHotkeyCombo+"Win+Alt+Y", now)
	if !slices.Equal(h.sys.hotkeys, []string{"Win+Alt+Y"}) || h.settings(t).Hotkey != "Win+Alt+Y" {
		t.Errorf("after choosing Win+Alt+Y: registered %v, setting %q", h.sys.hotkeys, h.settings(t).Hotkey)
	}
	h.click(KeyHotkeyOn, now)
	if len(h.sys.hotkeys) != 0 || !h.settings(t).HotkeyOff {
		t.Errorf("hotkey off: registered %v", h.sys.hotkeys)
	}
	h.click(KeyAutostart, now)
	if !h.sys.autostart || h.settings(t).AutostartOff || !h.ui.entries[KeyAutostart].Checked {
		t.Error("autostart on did not take")
	}
	h.click(KeyAutostart, now)
	if h.sys.autostart || !h.settings(t).AutostartOff || h.ui.entries[KeyAutostart].Checked {
		t.Error("autostart off did not take")
	}
	h.click(KeyLang+"ja", now)
	if got := h.ui.label(t, KeySettings); got != "設定" {
		t.Errorf("after switching to Japanese the settings label is %q", got)
	}
	h.click(KeyLeftMode+"menu", now)
	if !h.ui.entries[KeyLeftRestart].Visible || !h.app.LeftClickCopies() {
		t.Error("left-click mode must apply at the next start and say so")
	}
	h.click(KeyHelpPage+PageFAQ, now)
	if len(h.sys.opened) != 1 || !strings.HasPrefix(h.sys.opened[0], "file:///") || !strings.HasSuffix(h.sys.opened[0], "faq.ja.html") {
		t.Fatalf("opened %v", h.sys.opened)
	}
	page, err := os.ReadFile(strings.TrimPrefix(h.sys.opened[0], "file://"))
	if err != nil || !strings.Contains(string(page), "よくある質問") {
		t.Errorf("help page not written in Japanese: %v", err)
	}
	h.click(KeyQuit, now)
	if !h.ui.quit {
		t.Error("quit did not quit")
	}
	if h.ui.rebuilds != 1 {
		t.Errorf("settings clicks rebuilt the menu %d times", h.ui.rebuilds)
	}
}

func TestFirstRunTurnsAutostartOnOnce(t *testing.T) {
	h := newHarness(t)
	now := unix(vecBoundary)
	h.app.Start(now)
	h.app.FirstRun(now)
	if !h.sys.autostart || !h.settings(t).FirstRunDone {
		t.Fatal("first run did not turn autostart on")
	}
	h.sys.autostart = false // the user removed it
	h.app.FirstRun(now)
	if h.sys.autostart {
		t.Error("a later run turned autostart on again")
	}
	h.app.Refresh(now)
	if e := h.ui.entries[KeyFirstRun]; !e.Visible || !e.Enabled {
		t.Error("empty store without the first-run entry")
	}
	h.click(KeyFirstRun, now)
	if len(h.sys.opened) != 1 || !strings.HasSuffix(h.sys.opened[0], "start.en.html") {
		t.Errorf("first-run entry opened %v", h.sys.opened)
	}
}

// A portable copy, or one whose installer asked about start at login, keeps
// autostart off on its first run, but still records that the first run is done.
func TestFirstRunKeepsAutostartOffWhenAsked(t *testing.T) {
	h := newHarness(t)
	now := unix(vecBoundary)
	h.app.KeepAutostartOff = true
	h.app.Start(now)
	h.app.FirstRun(now)
	if h.sys.autostart {
		t.Error("first run turned autostart on although the copy is portable or installed")
	}
	if !h.settings(t).FirstRunDone {
		t.Error("first run not recorded")
	}
}

func TestStoreChangeAppears(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	added := vipToken()
	added.Name, added.VIP = "GitHub", nil
	stored, err := h.store.Add(added)
	if err != nil {
		t.Fatal(err)
	}
	h.app.Refresh(now.Add(time.Second))
	if h.ui.rebuilds != 2 {
		t.Errorf("rebuilds = %d, want 2", h.ui.rebuilds)
	}
	if got := h.ui.label(t, KeyCode+stored.ID); got != "GitHub  081 804" {
		t.Errorf("new token label %q", got)
	}
	if got := h.ui.label(t, KeyCountdown); got != "Next codes in 9 s" {
		t.Errorf("shared countdown %q", got)
	}
	if err := h.store.Remove(stored.ID); err != nil {
		t.Fatal(err)
	}
	h.app.Refresh(now.Add(2 * time.Second))
	if _, ok := h.ui.entries[KeyCode+stored.ID]; ok {
		t.Error("removed token still in the menu")
	}
	if _, ok := h.app.secrets[stored.ID]; ok {
		t.Error("removed token's secret kept in memory")
	}
}

func TestHOTPCopyAdvancesCounter(t *testing.T) {
	hotp := token.Token{ID: "h", Name: "Bank", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Secret: rfcSecret}
	h := newHarness(t, hotp)
	now := unix(vecBoundary)
	h.start(now)
	// RFC 4226 Appendix D: 755224, 287082, 359152.
	for _, want := range []string{"755224", "287082", "359152"} {
		h.click(KeyCode+"h", now)
		if got := h.sys.copied[len(h.sys.copied)-1].text; got != want {
			t.Errorf("copied %s, want %s", got, want)
		}
	}
	if got := h.ui.label(t, KeyCode+"h"); got != "Bank  969 429" {
		t.Errorf("label %q, want the fourth code", got)
	}
}

func TestProblemsAreToastedAndShown(t *testing.T) {
	h := newHarness(t, vipToken())
	h.kr.Fail = msg.New("keyring.failed", nil)
	h.sys.hotkeyErr = map[string]error{desktop.DefaultHotkey: errors.New("taken")}
	now := unix(vecBoundary - 10)
	h.start(now)
	if e := h.ui.entries[KeyProblem+ProblemKeyring]; !e.Visible || !strings.Contains(e.Label, "the system keyring refused the request") {
		t.Errorf("keyring problem line %+v", e)
	}
	if e := h.ui.entries[KeyProblem+ProblemHotkey]; !e.Visible {
		t.Errorf("hotkey problem line %+v", e)
	}
	if len(h.sys.toasts) != 2 {
		t.Fatalf("toasts %v, want one per problem", h.sys.toasts)
	}
	h.app.Refresh(now.Add(time.Second))
	if len(h.sys.toasts) != 2 {
		t.Errorf("a lasting problem is toasted again: %v", h.sys.toasts)
	}
	// The keyring gets unlocked: within retrySecrets the codes show.
	h.kr.Fail = nil
	h.app.Refresh(now.Add(retrySecrets))
	if got := h.ui.label(t, KeyCode+"vip1"); !strings.HasPrefix(got, "VIP Access  ") || h.ui.entries[KeyProblem+ProblemKeyring].Visible {
		t.Errorf("after unlock: %q, problem shown %v", got, h.ui.entries[KeyProblem+ProblemKeyring].Visible)
	}
	// Another combination clears the hotkey problem.
	h.click(KeyHotkeyCombo+"Win+Alt+Y", now)
	if h.ui.entries[KeyProblem+ProblemHotkey].Visible {
		t.Error("hotkey problem still shown after a working choice")
	}
	h.sys.copyErr = errors.New("clipboard busy")
	h.click(KeyCode+"vip1", now)
	if e := h.ui.entries[KeyProblem+ProblemClipboard]; !e.Visible || !strings.Contains(e.Label, "cannot copy to the clipboard: clipboard busy") {
		t.Errorf("clipboard problem %+v", e)
	}
}

func TestTapHotkeyAndReopen(t *testing.T) {
	other := vipToken()
	other.ID, other.Name, other.Secret = "other", "Other", []byte("another-secret-12345")
	h := newHarness(t, other, vipToken())
	if err := h.store.Update(func(d *token.Data) error { d.Default = "vip1"; return nil }); err != nil {
		t.Fatal(err)
	}
	now := unix(vecBoundary + 1)
	h.start(now)
	h.app.Handle(Event{Kind: Tapped}, now)
	h.app.Handle(Event{Kind: Hotkey}, now)
	want := []copied{{vecCodeAfter, 30 * time.Second}, {vecCodeAfter, 30 * time.Second}}
	if !slices.Equal(h.sys.copied, want) {
		t.Errorf("tap and hotkey copied %v, want the default token's code twice", h.sys.copied)
	}
	h.app.Handle(Event{Kind: Reopened}, now)
	if len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, "already running") {
		t.Errorf("reopen toasts %v", h.sys.toasts)
	}
}

func TestHelpPagesRender(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, p := range HelpPages {
			html, err := RenderHelpPage(p, lang, PageInfo{Version: "9.9", DataDir: "/d<x>"})
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, p, err)
			}
			s := string(html)
			if !strings.Contains(s, `<html lang="`+lang+`">`) || !strings.Contains(s, "otptray 9.9") {
				t.Errorf("%s/%s: page lacks language or version", lang, p)
			}
			for _, q := range HelpPages {
				if !strings.Contains(s, `href="`+q+"."+lang+`.html"`) {
					t.Errorf("%s/%s: no link to %s", lang, p, q)
				}
			}
			if strings.Contains(s, "<x>") {
				t.Errorf("%s/%s: data folder not escaped", lang, p)
			}
		}
	}
	if got := FileURL(filepath.FromSlash("/home/u/a b.html")); got != "file:///home/u/a%20b.html" {
		t.Errorf("FileURL = %q", got)
	}
}

// nextEvent waits for the App's next event (a clock check's result).
func nextEvent(t *testing.T, a *App) Event {
	t.Helper()
	select {
	case ev := <-a.Events:
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no event within 20 s")
	}
	return Event{}
}

func TestSyncClock(t *testing.T) {
	srv, err := fakentp.Start(37 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := newHarness(t, vipToken())
	cfg := ClockConfig("test", func(k string) string {
		return map[string]string{"OTPTRAY_NTP_SERVERS": srv.Addr(), "OTPTRAY_TIME_URL": "off"}[k]
	})
	h.app.MeasureClock = func(ctx context.Context) (clocksync.Result, error) { return clocksync.Measure(ctx, cfg) }
	now := unix(vecBoundary - 10)
	h.start(now)
	if e := h.ui.entries[KeySyncClock]; !e.Enabled || e.Label != "Sync clock" {
		t.Fatalf("sync clock entry %+v", e)
	}
	h.click(KeySyncClock, now)
	if e := h.ui.entries[KeySyncClock]; e.Enabled || e.Label != "Checking the clock…" {
		t.Errorf("while checking: %+v", e)
	}
	h.app.Handle(nextEvent(t, h.app), now)
	h.app.Refresh(now)
	s := h.settings(t)
	if off := token.OffsetFromSeconds(s.ClockOffset); off < 36*time.Second || off > 38*time.Second || s.ClockSource != "ntp:"+srv.Addr() {
		t.Fatalf("stored offset %v from %q, want about 37 s from the fake server", off, s.ClockSource)
	}
	last := h.sys.toasts[len(h.sys.toasts)-1]
	if last.title != "Clock check" || !strings.Contains(last.body, "37 s slow") {
		t.Errorf("toast %+v", last)
	}
	// The codes now follow true time: 37 s ahead of the local clock.
	w, _ := vipToken().WindowAt(now, token.OffsetFromSeconds(s.ClockOffset))
	if got, want := h.ui.label(t, KeyCode+"vip1"), "VIP Access  "+token.Group(w.Code)+"  · "+strconv.Itoa(w.SecondsLeft)+" s"; got != want {
		t.Errorf("after the clock check the label is %q, want %q", got, want)
	}
	if w.Code == vecCodeBefore {
		t.Error("the offset did not change the code")
	}

	// A server that does not answer: a problem line, no offset change.
	srv.SetSilent(true)
	quick := cfg
	quick.Timeout = 200 * time.Millisecond
	h.app.MeasureClock = func(ctx context.Context) (clocksync.Result, error) { return clocksync.Measure(ctx, quick) }
	h.click(KeySyncClock, now)
	h.app.Handle(nextEvent(t, h.app), now)
	h.app.Refresh(now)
	if e := h.ui.entries[KeyProblem+ProblemClock]; !e.Visible || !strings.HasPrefix(e.Label, "⚠ cannot check the clock: ") {
		t.Errorf("clock problem line %+v", e)
	}
	if h.settings(t).ClockOffset != s.ClockOffset {
		t.Error("a failed check changed the offset")
	}
}

func TestDurationWords(t *testing.T) {
	h := newHarness(t)
	h.app.Start(unix(0))
	for d, want := range map[time.Duration]string{
		37 * time.Second:                "37 s",
		-1500 * time.Millisecond:        "-1.5 s",
		2*time.Minute + 5*time.Second:   "2 min 5 s",
		90*time.Minute + 10*time.Second: "1 h 30 min",
	} {
		if got := h.app.duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestClockJumps: each refresh reads the instant it is given, so after a
// suspend or a change of the wall clock the very next refresh is right.
func TestClockJumps(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	h.click(KeyCode+"vip1", now) // starts the "after a copy" toasts
	for _, at := range []time.Time{
		now.Add(7*time.Minute + 500*time.Millisecond), // resume after a suspend
		now.Add(-time.Hour),                           // the clock set back
		now.Add(-time.Hour + 29*time.Second),          // and on from there
		now,
	} {
		h.app.Refresh(at)
		w, _ := vipToken().WindowAt(at, 0)
		if got, want := h.ui.label(t, KeyCode+"vip1"), "VIP Access  "+token.Group(w.Code)+"  · "+strconv.Itoa(w.SecondsLeft)+" s"; got != want {
			t.Errorf("at %v: label %q, want %q", at, got, want)
		}
		if next := h.app.Next(at); next.Before(at) || next.Sub(at) > MaxSleep {
			t.Errorf("at %v: next refresh at %v", at, next)
		}
	}
	if len(h.sys.toasts) != 0 {
		t.Errorf("codes far from the copy were announced: %v", h.sys.toasts)
	}
}

package tray

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/foreground"
	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/token/clocksync/ntptest"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
	"github.com/otptray/otptray/typing/template"
	"github.com/otptray/otptray/update"
)

// fakeSystem records what the app asks of the operating system. Workers
// call it; the test reads it after settle, which orders the two.
type fakeSystem struct {
	copied      []copied
	afterPaste  []bool // per copy: asked to clear after the first paste
	copyErr     error
	cleared     int // ClearCopied calls
	toasts      []toast
	notices     []desktop.Notice // ShowNotice, in order
	lastNotice  uint32           // the ID the last notice got
	opened      []string
	autostart   bool
	hotkeys     []string // registered now
	hotkeyErr   map[string]error
	registered  []string          // every registration, in order
	hotkeyFns   map[string]func() // what each combination registered now calls
	measure     func(ctx context.Context) (clocksync.Result, error)
	provision   func(ctx context.Context) (token.Token, vip.Info, error)
	checkUpdate func(ctx context.Context, feedURL string) (update.Result, error)

	// TypePlan: the plans typed; typeErr fails every plan before it
	// starts; waitErr ends a plan at its first wait (after Waiting).
	plans   [][]template.Action
	typeErr error
	waitErr error
	// Foreground: the window in front.
	window    foreground.Window
	windowErr error
	menuWaits atomic.Int32 // AwaitMenuGone calls
}

func (f *fakeSystem) AwaitMenuGone() { f.menuWaits.Add(1) }

func (f *fakeSystem) Foreground() (foreground.Window, error) { return f.window, f.windowErr }

func (f *fakeSystem) TypePlan(ctx context.Context, plan []template.Action, waiting func(until time.Time)) (int, error) {
	if f.typeErr != nil {
		return 0, f.typeErr
	}
	f.plans = append(f.plans, plan)
	for i, act := range plan {
		if act.Kind == template.WaitUntil {
			waiting(act.Until)
			if f.waitErr != nil {
				return i, f.waitErr
			}
		}
	}
	return len(plan), nil
}

type copied struct {
	text  string
	clear time.Duration
}

type toast struct{ title, body string }

func (f *fakeSystem) Can() capabilities {
	return capabilities{ClockSync: f.measure != nil, NewVIP: f.provision != nil, UpdateCheck: f.checkUpdate != nil}
}

func (f *fakeSystem) Copy(text string, clearAfter time.Duration, opts ...desktop.CopyOption) error {
	if f.copyErr != nil {
		return f.copyErr
	}
	f.copied = append(f.copied, copied{text, clearAfter})
	f.afterPaste = append(f.afterPaste, slices.Contains(opts, desktop.AfterFirstPaste))
	return nil
}
func (f *fakeSystem) ClearCopied() error { f.cleared++; return nil }
func (f *fakeSystem) Notify(title, body string) error {
	f.toasts = append(f.toasts, toast{title, body})
	return nil
}

// ShowNotice answers as a server that keeps the ID of the notice replaced.
func (f *fakeSystem) ShowNotice(n desktop.Notice) (uint32, error) {
	f.notices = append(f.notices, n)
	if n.Replaces == 0 {
		f.lastNotice++
		return f.lastNotice, nil
	}
	return n.Replaces, nil
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
	if f.hotkeyFns == nil {
		f.hotkeyFns = map[string]func(){}
	}
	f.hotkeyFns[combo] = fn
	return func() {
		f.hotkeys = slices.DeleteFunc(f.hotkeys, func(c string) bool { return c == combo })
		delete(f.hotkeyFns, combo)
	}, nil
}

var errNoTransfer = errors.New("the fake system has no transfer features")

func (f *fakeSystem) ReadClipboard() (string, error)         { return "", errNoTransfer }
func (f *fakeSystem) ClearClipboardIf(string) error          { return errNoTransfer }
func (f *fakeSystem) CaptureScreens() ([]image.Image, error) { return nil, errNoTransfer }
func (f *fakeSystem) OpenFile(string) error                  { return errNoTransfer }

func (f *fakeSystem) MeasureClock(ctx context.Context) (clocksync.Result, error) {
	return f.measure(ctx)
}
func (f *fakeSystem) ProvisionVIP(ctx context.Context) (token.Token, vip.Info, error) {
	return f.provision(ctx)
}
func (f *fakeSystem) CheckUpdate(ctx context.Context, feedURL string) (update.Result, error) {
	return f.checkUpdate(ctx, feedURL)
}

// fakeUI keeps the menu as the tray would show it.
type fakeUI struct {
	entries  map[string]menu.Flat
	rebuilds int
	updates  [][]string // keys changed per Update
	tooltip  string
}

func (u *fakeUI) Rebuild(m menu.Menu) {
	u.rebuilds++
	u.entries = map[string]menu.Flat{}
	for _, f := range menu.Flatten(m.Entries) {
		u.entries[f.Key] = f
	}
}
func (u *fakeUI) Update(changed []menu.Flat) {
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

func (u *fakeUI) label(t *testing.T, key string) string {
	t.Helper()
	f, ok := u.entries[key]
	if !ok {
		t.Fatalf("no entry %q", key)
	}
	return f.Label
}

// harness runs an app as its loop would, on the test's goroutine and at
// the instants the test names.
type harness struct {
	t     *testing.T
	app   *app
	sys   *fakeSystem
	ui    *fakeUI
	store *token.Store
	kr    *keyringtest.MemKeyring
	now   time.Time
	held  []event // task results that arrived while effects were awaited
}

func newHarness(t *testing.T, toks ...token.Token) *harness {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("LANG", "en_US.UTF-8")
	kr := keyringtest.New(token.ErrNoSecret)
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
	h := &harness{t: t, sys: &fakeSystem{}, ui: &fakeUI{}, store: store, kr: kr}
	h.app = &app{Store: store, Sys: h.sys, UI: h.ui, Version: "1.0"}
	return h
}

// services points the fake's network calls at the real clients, configured
// from getenv as the program configures them from the environment.
func (h *harness) services(version string, getenv func(string) string) {
	real := newOSSystem(nil, Options{Version: version}, getenv)
	h.sys.measure, h.sys.provision, h.sys.checkUpdate = real.MeasureClock, real.ProvisionVIP, real.CheckUpdate
	h.app.UpdateFeed = getenv("OTPTRAY_UPDATE_FEED")
}

func (h *harness) start(now time.Time) {
	h.app.Start(now)
	h.refresh(now)
}

// settle waits for the effects under way (notifications, writes, reads)
// and applies their results; results of tasks are held for next.
func (h *harness) settle() {
	h.t.Helper()
	for h.app.loop.effects > 0 {
		select {
		case ev := <-h.app.loop.events:
			if ev.kind == evDone && !ev.effect {
				h.held = append(h.held, ev)
				continue
			}
			h.app.handleEvent(ev, h.now)
		case <-time.After(20 * time.Second):
			h.t.Fatalf("%d effects still under way after 20 s", h.app.loop.effects)
		}
	}
}

// refresh is the loop's refresh at now, repeated until no effect it starts
// (reading the changed tokens file) is under way.
func (h *harness) refresh(now time.Time) {
	h.t.Helper()
	h.now = now
	h.settle()
	for {
		h.app.Refresh(now)
		if h.app.loop.effects == 0 {
			return
		}
		h.settle()
	}
}

// handle is the loop's handling of ev at now, then its refresh.
func (h *harness) handle(ev event, now time.Time) {
	h.t.Helper()
	h.now = now
	h.app.handleEvent(ev, now)
	h.refresh(now)
}

func (h *harness) click(key string, now time.Time) {
	h.t.Helper()
	h.handle(event{kind: evClick, key: key}, now)
}

// nextTask waits for the result of a task (a clock check, a scan).
func (h *harness) nextTask(t *testing.T) event {
	t.Helper()
	if len(h.held) > 0 {
		ev := h.held[0]
		h.held = h.held[1:]
		return ev
	}
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev := <-h.app.loop.events:
			if ev.effect {
				h.app.handleEvent(ev, h.now)
				continue
			}
			return ev
		case <-deadline:
			t.Fatal("no result within 20 s")
		}
	}
}

// next applies the next task's result at now, as the loop would.
func (h *harness) next(t *testing.T, now time.Time) {
	t.Helper()
	h.handle(h.nextTask(t), now)
}

func (h *harness) prefs(t *testing.T) prefs.Prefs {
	t.Helper()
	p, err := prefs.Of(h.settings(t))
	if err != nil {
		t.Fatal(err)
	}
	return p
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
	if got := h.ui.label(t, menu.KeyCode+"vip1"); got != "VIP Access  081 804  · 10 s" {
		t.Fatalf("label = %q", got)
	}

	h.click(menu.KeyCode+"vip1", now)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Fatalf("copied %v, want %v", h.sys.copied, want)
	}

	// The next two codes are announced, the third is not.
	period := 30 * time.Second
	for i, at := range []time.Time{unix(vecBoundary), unix(vecBoundary).Add(period), unix(vecBoundary).Add(2 * period)} {
		h.refresh(at.Add(-time.Millisecond))
		h.refresh(at)
		tok := vipToken()
		w, err := tok.WindowAt(at, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := i + 1
		if i == 2 {
			want = 2
		}
		if len(newCodeToasts(h)) != want {
			t.Fatalf("after boundary %d: %d toasts %v, want %d", i+1, len(newCodeToasts(h)), newCodeToasts(h), want)
		}
		if i < 2 {
			got := newCodeToasts(h)[i]
			if body := "New code for VIP Access: " + token.Group(w.Code); got.body != body || got.title != "New one-time password" {
				t.Errorf("toast %d = %+v, want body %q", i+1, got, body)
			}
		}
	}
	if !strings.HasSuffix(newCodeToasts(h)[0].body, "050 471") {
		t.Errorf("first toast %q does not carry the RFC 6238 code 050 471", newCodeToasts(h)[0].body)
	}
}

func TestToastModes(t *testing.T) {
	for _, tt := range []struct {
		mode   string
		toasts int
	}{{menu.NotifyOff, 0}, {menu.NotifyChange, 2}, {menu.NotifyAfterCopy, 0}} {
		t.Run("mode="+tt.mode, func(t *testing.T) {
			h := newHarness(t, vipToken())
			now := unix(vecBoundary - 5)
			h.start(now)
			if err := h.store.Update(prefs.Change(func(p *prefs.Prefs) { p.Notify = tt.mode })); err != nil {
				t.Fatal(err)
			}
			for _, at := range []float64{vecBoundary, vecBoundary + 30} {
				h.refresh(unix(at))
			}
			if len(newCodeToasts(h)) != tt.toasts {
				t.Errorf("%d toasts %v, want %d", len(newCodeToasts(h)), newCodeToasts(h), tt.toasts)
			}
		})
	}
}

func TestOnlyChangedEntriesAreSent(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.refresh(unix(vecBoundary - 9.5)) // same second left: nothing
	h.refresh(unix(vecBoundary - 9))
	h.refresh(unix(vecBoundary))
	want := [][]string{{menu.KeyCode + "vip1"}, {menu.KeyCode + "vip1"}}
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
	if !slices.Equal(sortedHotkeys(h), []string{desktop.DefaultHotkey, prefs.DefaultTypeHotkey}) {
		t.Fatalf("hotkeys registered at start: %v", h.sys.hotkeys)
	}

	h.click(menu.KeyShowCredID, now)
	if !h.prefs(t).HideCredentialID || h.ui.entries[menu.KeyCredentialID+"vip1"].Visible {
		t.Error("hiding the credential ID did not take")
	}
	h.click(menu.KeyClearAfter+"15", now)
	h.click(menu.KeyCode+"vip1", now)
	if got := h.sys.copied[len(h.sys.copied)-1].clear; got != 15*time.Second || h.prefs(t).ClearAfter != 15 {
		t.Errorf("clear after 15 s: copy cleared after %v, setting %d", got, h.prefs(t).ClearAfter)
	}
	h.click(menu.KeyClearAfter+"never", now)
	if h.prefs(t).ClearAfter != -1 {
		t.Errorf("never: ClearAfter = %d", h.prefs(t).ClearAfter)
	}
	h.click(menu.KeyNotifyMode+"change", now)
	if h.prefs(t).Notify != menu.NotifyChange {
		t.Errorf("notify = %q", h.prefs(t).Notify)
	}
	h.click(menu.KeyHotkeyCombo+"Win+Alt+Y", now)
	if !slices.Equal(sortedHotkeys(h), []string{prefs.DefaultTypeHotkey, "Win+Alt+Y"}) || h.prefs(t).Hotkey != "Win+Alt+Y" {
		t.Errorf("after choosing Win+Alt+Y: registered %v, setting %q", h.sys.hotkeys, h.prefs(t).Hotkey)
	}
	h.click(menu.KeyHotkeyOn, now)
	if !slices.Equal(h.sys.hotkeys, []string{prefs.DefaultTypeHotkey}) || !h.prefs(t).HotkeyOff {
		t.Errorf("hotkey off: registered %v", h.sys.hotkeys)
	}
	h.click(menu.KeyAutostart, now)
	if !h.sys.autostart || h.prefs(t).AutostartOff || !h.ui.entries[menu.KeyAutostart].Checked {
		t.Error("autostart on did not take")
	}
	h.click(menu.KeyAutostart, now)
	if h.sys.autostart || !h.prefs(t).AutostartOff || h.ui.entries[menu.KeyAutostart].Checked {
		t.Error("autostart off did not take")
	}
	h.click(menu.KeyLang+"ja", now)
	if got := h.ui.label(t, menu.KeySettings); got != "設定" {
		t.Errorf("after switching to Japanese the settings label is %q", got)
	}
	h.click(menu.KeyLeftMode+"menu", now)
	if !h.ui.entries[menu.KeyLeftRestart].Visible || !h.app.leftClickCopies() {
		t.Error("left-click mode must apply at the next start and say so")
	}
	h.click(menu.KeyHelpPage+menu.PageFAQ, now)
	if len(h.sys.opened) != 1 || !strings.HasPrefix(h.sys.opened[0], "file:///") || !strings.HasSuffix(h.sys.opened[0], "faq.ja.html") {
		t.Fatalf("opened %v", h.sys.opened)
	}
	page, err := os.ReadFile(strings.TrimPrefix(h.sys.opened[0], "file://"))
	if err != nil || !strings.Contains(string(page), "よくある質問") {
		t.Errorf("help page not written in Japanese: %v", err)
	}
	h.click(menu.KeyQuit, now)
	if !h.app.quitRequested() {
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
	h.settle()
	if !h.sys.autostart || !h.prefs(t).FirstRunDone {
		t.Fatal("first run did not turn autostart on")
	}
	h.sys.autostart = false // the user removed it
	h.app.FirstRun(now)
	h.settle()
	if h.sys.autostart {
		t.Error("a later run turned autostart on again")
	}
	h.refresh(now)
	if e := h.ui.entries[menu.KeyFirstRun]; !e.Visible || !e.Enabled {
		t.Error("empty store without the first-run entry")
	}
	h.click(menu.KeyFirstRun, now)
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
	h.settle()
	if h.sys.autostart {
		t.Error("first run turned autostart on although the copy is portable or installed")
	}
	if !h.prefs(t).FirstRunDone {
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
	h.refresh(now.Add(time.Second))
	if h.ui.rebuilds != 2 {
		t.Errorf("rebuilds = %d, want 2", h.ui.rebuilds)
	}
	if got := h.ui.label(t, menu.KeyCode+stored.ID); got != "GitHub  081 804" {
		t.Errorf("new token label %q", got)
	}
	if got := h.ui.label(t, menu.KeyCountdown); got != "Next codes in 9 s" {
		t.Errorf("shared countdown %q", got)
	}
	if err := h.store.Remove(stored.ID); err != nil {
		t.Fatal(err)
	}
	h.refresh(now.Add(2 * time.Second))
	if _, ok := h.ui.entries[menu.KeyCode+stored.ID]; ok {
		t.Error("removed token still in the menu")
	}
	if _, ok := h.app.keys.secrets[stored.ID]; ok {
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
		h.click(menu.KeyCode+"h", now)
		if got := h.sys.copied[len(h.sys.copied)-1].text; got != want {
			t.Errorf("copied %s, want %s", got, want)
		}
	}
	if got := h.ui.label(t, menu.KeyCode+"h"); got != "Bank  969 429" {
		t.Errorf("label %q, want the fourth code", got)
	}
}

func TestProblemsAreToastedAndShown(t *testing.T) {
	h := newHarness(t, vipToken())
	h.kr.Fail = msg.New("keyring.failed", nil)
	h.sys.hotkeyErr = map[string]error{desktop.DefaultHotkey: errors.New("taken")}
	now := unix(vecBoundary - 10)
	h.start(now)
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemKeyring]; !e.Visible || !strings.Contains(e.Tooltip, "the system keyring refused the request") || token.Columns(e.Label) > menu.ProblemColumns {
		t.Errorf("keyring problem line %+v", e)
	}
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemHotkey]; !e.Visible {
		t.Errorf("hotkey problem line %+v", e)
	}
	if len(h.sys.toasts) != 2 {
		t.Fatalf("toasts %v, want one per problem", h.sys.toasts)
	}
	h.refresh(now.Add(time.Second))
	if len(h.sys.toasts) != 2 {
		t.Errorf("a lasting problem is toasted again: %v", h.sys.toasts)
	}
	// The keyring gets unlocked: within retrySecrets the codes show.
	h.kr.Fail = nil
	h.refresh(now.Add(retrySecrets))
	if got := h.ui.label(t, menu.KeyCode+"vip1"); !strings.HasPrefix(got, "VIP Access  ") || h.ui.entries[menu.KeyProblem+menu.ProblemKeyring].Visible {
		t.Errorf("after unlock: %q, problem shown %v", got, h.ui.entries[menu.KeyProblem+menu.ProblemKeyring].Visible)
	}
	// Another combination clears the hotkey problem.
	h.click(menu.KeyHotkeyCombo+"Win+Alt+Y", now)
	if h.ui.entries[menu.KeyProblem+menu.ProblemHotkey].Visible {
		t.Error("hotkey problem still shown after a working choice")
	}
	h.sys.copyErr = errors.New("clipboard busy")
	h.click(menu.KeyCode+"vip1", now)
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemClipboard]; !e.Visible || !strings.Contains(e.Label, "cannot copy to the clipboard: clipboard busy") {
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
	h.handle(event{kind: evTapped}, now)
	h.handle(event{kind: evHotkey}, now)
	h.next(t, now) // the window in front looked at
	want := []copied{{vecCodeAfter, 30 * time.Second}, {vecCodeAfter, 30 * time.Second}}
	if !slices.Equal(h.sys.copied, want) {
		t.Errorf("tap and hotkey copied %v, want the default token's code twice", h.sys.copied)
	}
	h.handle(event{kind: evReopened}, now)
	if len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, "already running") {
		t.Errorf("reopen toasts %v", h.sys.toasts)
	}
}

func TestHelpPagesRender(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, p := range helpPages {
			html, err := renderHelpPage(p, lang, pageInfo{Version: "9.9", DataDir: "/d<x>"})
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, p, err)
			}
			s := string(html)
			if !strings.Contains(s, `<html lang="`+lang+`">`) || !strings.Contains(s, "otptray 9.9") {
				t.Errorf("%s/%s: page lacks language or version", lang, p)
			}
			for _, q := range helpPages {
				if !strings.Contains(s, `href="`+q+"."+lang+`.html"`) {
					t.Errorf("%s/%s: no link to %s", lang, p, q)
				}
			}
			if strings.Contains(s, "<x>") {
				t.Errorf("%s/%s: data folder not escaped", lang, p)
			}
		}
	}
	// The FAQ names both ways Sync clock reads the time, so that a user
	// behind a firewall knows what to let through.
	for _, lang := range []string{"en", "ja"} {
		html, err := renderHelpPage("faq", lang, pageInfo{Version: "9.9"})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"SNTP", "123", "HTTPS", "<code>Date</code>"} {
			if !strings.Contains(string(html), want) {
				t.Errorf("%s FAQ does not name %q", lang, want)
			}
		}
	}
	if got := fileURL(filepath.FromSlash("/home/u/a b.html")); got != "file:///home/u/a%20b.html" {
		t.Errorf("FileURL = %q", got)
	}
}

func TestSyncClock(t *testing.T) {
	srv, err := ntptest.Start(37 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := newHarness(t, vipToken())
	cfg := clockConfig("test", func(k string) string {
		return map[string]string{"OTPTRAY_NTP_SERVERS": srv.Addr(), "OTPTRAY_TIME_URL": "off"}[k]
	})
	h.sys.measure = func(ctx context.Context) (clocksync.Result, error) { return clocksync.Measure(ctx, cfg) }
	now := unix(vecBoundary - 10)
	h.start(now)
	if e := h.ui.entries[menu.KeySyncClock]; !e.Enabled || e.Label != "Sync clock" {
		t.Fatalf("sync clock entry %+v", e)
	}
	h.click(menu.KeySyncClock, now)
	if e := h.ui.entries[menu.KeySyncClock]; e.Enabled || e.Label != "Checking the clock…" {
		t.Errorf("while checking: %+v", e)
	}
	h.next(t, now)
	h.refresh(now)
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
	if got, want := h.ui.label(t, menu.KeyCode+"vip1"), "VIP Access  "+token.Group(w.Code)+"  · "+strconv.Itoa(w.SecondsLeft)+" s"; got != want {
		t.Errorf("after the clock check the label is %q, want %q", got, want)
	}
	if w.Code == vecCodeBefore {
		t.Error("the offset did not change the code")
	}

	// A server that does not answer: a problem line, no offset change.
	srv.SetSilent(true)
	quick := cfg
	quick.Timeout = 200 * time.Millisecond
	h.sys.measure = func(ctx context.Context) (clocksync.Result, error) { return clocksync.Measure(ctx, quick) }
	h.click(menu.KeySyncClock, now)
	h.next(t, now)
	h.refresh(now)
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemClock]; !e.Visible || !strings.HasPrefix(e.Tooltip, "No time server answered in time: the clock could not be checked.") || e.Label != "No time server answered in time: the clock could not be…" {
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
	h.click(menu.KeyCode+"vip1", now) // starts the "after a copy" toasts
	for _, at := range []time.Time{
		now.Add(7*time.Minute + 500*time.Millisecond), // resume after a suspend
		now.Add(-time.Hour),                           // the clock set back
		now.Add(-time.Hour + 29*time.Second),          // and on from there
		now,
	} {
		h.refresh(at)
		w, _ := vipToken().WindowAt(at, 0)
		if got, want := h.ui.label(t, menu.KeyCode+"vip1"), "VIP Access  "+token.Group(w.Code)+"  · "+strconv.Itoa(w.SecondsLeft)+" s"; got != want {
			t.Errorf("at %v: label %q, want %q", at, got, want)
		}
		if next := h.app.next(at); next.Before(at) || next.Sub(at) > menu.MaxSleep {
			t.Errorf("at %v: next refresh at %v", at, next)
		}
	}
	if len(h.sys.toasts) != 0 {
		t.Errorf("codes far from the copy were announced: %v", h.sys.toasts)
	}
}

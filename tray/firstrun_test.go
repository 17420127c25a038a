package tray

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

func TestWindowsTrayHintByBuild(t *testing.T) {
	for _, tt := range []struct {
		build uint32
		want  trayHint
	}{
		{10240, hintWindows10}, // Windows 10 1507
		{19045, hintWindows10}, // Windows 10 22H2
		{21996, hintWindows10}, // the leaked pre-release build, still a Windows 10 taskbar
		{22000, hintWindows11}, // Windows 11 21H2
		{26100, hintWindows11}, // Windows 11 24H2
	} {
		if got := windowsTrayHint(tt.build); got != tt.want {
			t.Errorf("build %d: hint %d, want %d", tt.build, got, tt.want)
		}
	}
	if noTrayHint.messageID() != "" {
		t.Error("no hint has a message")
	}
}

// The balloon that stands in for a toast cuts its title at 63 UTF-16 units
// and its text at 255: the hint must fit whole.
func TestTrayHintFitsABalloon(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		loc := i18n.New(lang)
		if n := len(utf16.Encode([]rune(loc.T("firstrun.hint.title")))); n > 63 {
			t.Errorf("%s: the title has %d UTF-16 units, more than 63", lang, n)
		}
		for _, h := range []trayHint{hintWindows10, hintWindows11} {
			if n := len(utf16.Encode([]rune(loc.T(h.messageID())))); n > 255 {
				t.Errorf("%s %s: %d UTF-16 units, more than 255", lang, h.messageID(), n)
			}
		}
	}
}

// failingNotify is a system whose notifications fail.
type failingNotify struct {
	*fakeSystem
	calls int
}

func (f *failingNotify) Notify(title, body string) error {
	f.calls++
	return errors.New("no notification server")
}

// firstStart runs the program's start at now as Run does: Start and
// FirstRun, the tray's first refresh, then the loop's next one.
func (h *harness) firstStart(now time.Time) {
	h.t.Helper()
	h.app.Start(now)
	h.app.FirstRun(now)
	h.settle()
	h.refresh(now)
	h.refresh(now.Add(time.Second))
}

// restart is a new run of the program on the same tokens file.
func (h *harness) restart(sys system, hint trayHint) {
	h.ui = &fakeUI{}
	h.app = &app{Store: h.store, Sys: sys, UI: h.ui, Version: "1.0", TrayHint: hint}
}

func TestTrayHintShownOnceOnTheFirstStart(t *testing.T) {
	h := newHarness(t)
	now := unix(vecBoundary)
	h.restart(h.sys, hintWindows11)
	h.app.Start(now)
	h.app.FirstRun(now)
	h.settle()
	h.refresh(now)
	if len(h.sys.toasts) != 0 {
		t.Fatalf("the hint came before the tray showed its icon: %v", h.sys.toasts)
	}
	h.refresh(now.Add(time.Second))
	want := toast{i18n.English().T("firstrun.hint.title"), i18n.English().T("firstrun.hint.windows11")}
	if len(h.sys.toasts) != 1 || h.sys.toasts[0] != want {
		t.Fatalf("toasts %v, want the Windows 11 hint once", h.sys.toasts)
	}
	for i := 2; i < 5; i++ {
		h.refresh(now.Add(time.Duration(i) * time.Second))
	}
	if len(h.sys.toasts) != 1 {
		t.Fatalf("the hint came again in the same run: %v", h.sys.toasts)
	}
	if got := h.prefs(t).TrayHint; got != prefs.TrayHintShown {
		t.Fatalf("tray_hint = %q after the hint was shown, want %q", got, prefs.TrayHintShown)
	}

	h.restart(h.sys, hintWindows11)
	h.firstStart(now.Add(time.Minute))
	if len(h.sys.toasts) != 1 {
		t.Fatalf("the second start showed the hint again: %v", h.sys.toasts)
	}
}

// A hint whose notification failed is owed until one is delivered: the
// next start tries again, this run does not retry every second.
func TestTrayHintTriedAgainAfterAFailedNotification(t *testing.T) {
	h := newHarness(t)
	now := unix(vecBoundary)
	failing := &failingNotify{fakeSystem: h.sys}
	h.restart(failing, hintWindows10)
	h.firstStart(now)
	for i := 2; i < 5; i++ {
		h.refresh(now.Add(time.Duration(i) * time.Second))
	}
	if failing.calls != 1 {
		t.Fatalf("%d tries in one run, want 1", failing.calls)
	}
	if got := h.prefs(t).TrayHint; got != prefs.TrayHintDue {
		t.Fatalf("tray_hint = %q after a failed notification, want %q", got, prefs.TrayHintDue)
	}

	h.restart(h.sys, hintWindows10)
	h.firstStart(now.Add(time.Minute))
	if want := i18n.English().T("firstrun.hint.windows10"); len(h.sys.toasts) != 1 || h.sys.toasts[0].body != want {
		t.Fatalf("toasts %v on the next start, want the Windows 10 hint", h.sys.toasts)
	}
	if got := h.prefs(t).TrayHint; got != prefs.TrayHintShown {
		t.Fatalf("tray_hint = %q, want %q", got, prefs.TrayHintShown)
	}
}

// No hint where there is nothing to point at, nor for a user from before
// the hint, who found the icon long ago.
func TestNoTrayHint(t *testing.T) {
	t.Run("desktop without a hint", func(t *testing.T) {
		h := newHarness(t)
		h.firstStart(unix(vecBoundary))
		if len(h.sys.toasts) != 0 || h.prefs(t).TrayHint != "" {
			t.Fatalf("toasts %v, tray_hint %q", h.sys.toasts, h.prefs(t).TrayHint)
		}
	})
	t.Run("a user from before the hint", func(t *testing.T) {
		h := newHarness(t)
		if err := h.store.Update(prefs.Change(func(p *prefs.Prefs) { p.FirstRunDone = true })); err != nil {
			t.Fatal(err)
		}
		h.restart(h.sys, hintWindows11)
		h.firstStart(unix(vecBoundary))
		if len(h.sys.toasts) != 0 || h.prefs(t).TrayHint != "" {
			t.Fatalf("toasts %v, tray_hint %q", h.sys.toasts, h.prefs(t).TrayHint)
		}
	})
}

// In Japanese the hint uses the names of the Japanese Windows settings.
func TestTrayHintInJapanese(t *testing.T) {
	h := newHarness(t)
	if err := h.store.Update(func(d *token.Data) error { d.Settings.Language = "ja"; return nil }); err != nil {
		t.Fatal(err)
	}
	h.restart(h.sys, hintWindows11)
	h.firstStart(unix(vecBoundary))
	if len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, "個人用設定 → タスクバー → 「その他のシステム トレイ アイコン」") {
		t.Fatalf("toasts %v, want the Japanese Windows 11 hint", h.sys.toasts)
	}
}

// The Help page says where the icon is with the same settings names as
// the notification.
func TestHelpSaysWhereTheIconIs(t *testing.T) {
	for lang, names := range map[string][]string{
		"en": {"Settings → Personalization → Taskbar → Other system tray\nicons", "Select which icons appear on the\ntaskbar"},
		"ja": {"「その他のシステム トレイ アイコン」", "「タスクバーに表示するアイコンを選択します」"},
	} {
		html, err := renderHelpPage(menu.PageStart, lang, pageInfo{Version: "1.0", DataDir: "/d"})
		if err != nil {
			t.Fatal(err)
		}
		page := strings.Join(strings.Fields(string(html)), " ")
		loc := i18n.New(lang)
		hints := loc.T(hintWindows11.messageID()) + loc.T(hintWindows10.messageID())
		for _, name := range names {
			name = strings.Join(strings.Fields(name), " ")
			if !strings.Contains(page, name) {
				t.Errorf("%s: the Help page does not say %q", lang, name)
			}
			if !strings.Contains(hints, name) {
				t.Errorf("%s: the hint does not say %q", lang, name)
			}
		}
	}
}

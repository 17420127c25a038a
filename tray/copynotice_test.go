package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// newCodeToasts are the notices that are not a copy's confirmation: those
// of new codes and of the registration helper's OTP2, as toasts.
func newCodeToasts(h *harness) []toast {
	var out []toast
	for _, n := range h.sys.notices {
		if !n.Short {
			out = append(out, toast{n.Title, n.Body})
		}
	}
	return out
}

// lastNotice is the notice shown last.
func lastNotice(t *testing.T, h *harness) desktop.Notice {
	t.Helper()
	if len(h.sys.notices) == 0 {
		t.Fatal("no notice shown")
	}
	return h.sys.notices[len(h.sys.notices)-1]
}

func setPrefs(t *testing.T, h *harness, now time.Time, change func(p *prefs.Prefs)) {
	t.Helper()
	if err := h.store.Update(prefs.Change(change)); err != nil {
		t.Fatal(err)
	}
	h.refresh(now)
}

// A copy says at once what it copied and how the clipboard lets it go, as
// the settings have it.
func TestCopyNoticeTexts(t *testing.T) {
	type tc struct {
		name   string
		lang   string
		change func(p *prefs.Prefs)
		body   string
	}
	tests := []tc{
		{"default", "en", func(p *prefs.Prefs) {}, "Clears from the clipboard in 30 s."},
		{"15 s", "en", func(p *prefs.Prefs) { p.ClearAfter = 15 }, "Clears from the clipboard in 15 s."},
		{"never", "en", func(p *prefs.Prefs) { p.ClearAfter = -1 }, ""},
		{"ja", "ja", func(p *prefs.Prefs) {}, "30 秒後にクリップボードから消去します。"},
	}
	if desktop.ClearsAfterPaste {
		tests = append(tests,
			tc{"after paste", "en", func(p *prefs.Prefs) { p.ClearAfterPaste = true }, "Clears from the clipboard after the first paste, or in 30 s."},
			tc{"after paste only", "en", func(p *prefs.Prefs) { p.ClearAfterPaste, p.ClearAfter = true, -1 }, "Clears from the clipboard after the first paste."})
	} else {
		// Where pastes cannot be counted the delay alone clears.
		tests = append(tests, tc{"after paste", "en", func(p *prefs.Prefs) { p.ClearAfterPaste = true }, "Clears from the clipboard in 30 s."})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, vipToken())
			now := unix(vecBoundary - 10)
			h.start(now)
			setPrefs(t, h, now, tt.change)
			if tt.lang != "en" {
				h.click(menu.KeyLang+tt.lang, now)
			}
			h.click(menu.KeyCode+"vip1", now)
			want := desktop.Notice{Title: "Copied VIP Access", Body: tt.body, Short: true}
			if tt.lang == "ja" {
				want.Title = "VIP Access をコピーしました"
			}
			if got := lastNotice(t, h); !noticeEqual(got, want) || len(h.sys.notices) != 1 {
				t.Errorf("notices %+v, want one: %+v", h.sys.notices, want)
			}
			if len(h.sys.toasts) != 0 {
				t.Errorf("a copy also toasted %v", h.sys.toasts)
			}
		})
	}
}

func noticeEqual(a, b desktop.Notice) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Replaces == b.Replaces && a.Short == b.Short && slices.Equal(a.Actions, b.Actions)
}

// Our notices replace each other, even when the next is asked for before
// the one before it was shown; the new code's notice, in the same place,
// offers to copy the code.
func TestCopyNoticesReplaceEachOther(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	// Two hotkey presses in a row, handled before either notice is shown.
	h.app.handleEvent(event{kind: evTokenCopy, key: "vip1"}, now)
	h.app.handleEvent(event{kind: evTokenCopy, key: "vip1"}, now)
	h.refresh(now)
	if len(h.sys.notices) != 2 || h.sys.notices[0].Replaces != 0 || h.sys.notices[1].Replaces != 1 {
		t.Fatalf("notices %+v, want the second to replace the first (ID 1)", h.sys.notices)
	}
	h.refresh(unix(vecBoundary))
	want := desktop.Notice{Title: "New one-time password", Body: "New code for VIP Access: 050 471", Replaces: 1,
		Actions: []desktop.NoticeAction{{Key: "copy/vip1", Label: "Copy"}}}
	if got := lastNotice(t, h); !noticeEqual(got, want) {
		t.Errorf("new code notice %+v, want %+v", got, want)
	}
}

// A code copied with under 3 s left says so; the next code's notice offers
// it, and its button copies it.
func TestCopyNearTheBoundary(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.click(menu.KeyCode+"vip1", unix(vecBoundary-3)) // 3 s left: not near
	if got := lastNotice(t, h).Body; got != "Clears from the clipboard in 30 s." {
		t.Errorf("with 3 s left: %q", got)
	}
	h.click(menu.KeyCode+"vip1", unix(vecBoundary-1.5))
	if got := lastNotice(t, h).Body; got != "This code expires in 2 s; the next code follows.\nClears from the clipboard in 30 s." {
		t.Errorf("with 1.5 s left: %q", got)
	}
	h.refresh(unix(vecBoundary))
	next := lastNotice(t, h)
	if next.Body != "New code for VIP Access: 050 471" || len(next.Actions) != 1 {
		t.Fatalf("next code's notice %+v", next)
	}
	h.sys.copied = nil
	h.handle(event{kind: evNoticeAction, notice: h.sys.lastNotice, key: next.Actions[0].Key}, unix(vecBoundary+1))
	if want := []copied{{vecCodeAfter, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("the Copy button copied %v, want %v", h.sys.copied, want)
	}
	if got := lastNotice(t, h); got.Title != "Copied VIP Access" || got.Replaces != h.sys.lastNotice {
		t.Errorf("after the button: %+v", got)
	}

	// In Japanese, no English inside.
	h.click(menu.KeyLang+"ja", unix(vecBoundary+28))
	h.click(menu.KeyCode+"vip1", unix(vecBoundary+28))
	if got := lastNotice(t, h).Body; got != "このコードはあと 2 秒で切り替わります。次のコードを続けてお知らせします。\n30 秒後にクリップボードから消去します。" {
		t.Errorf("ja: %q", got)
	}
}

// A button counts only on the notice shown now, and only with a key we
// gave it.
func TestNoticeActionsOnlyOurs(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(unix(vecBoundary - 10))
	h.click(menu.KeyCode+"vip1", unix(vecBoundary-10))
	h.refresh(unix(vecBoundary))
	h.sys.copied = nil
	id := h.sys.lastNotice
	for _, ev := range []event{
		{kind: evNoticeAction, notice: id + 1, key: "copy/vip1"}, // another notice
		{kind: evNoticeAction, notice: 0, key: "copy/vip1"},
		{kind: evNoticeAction, notice: id, key: "copy/nosuch"},
		{kind: evNoticeAction, notice: id, key: "default"},
		{kind: evNoticeAction, notice: id, key: helperOTP2Key}, // no helper runs
	} {
		h.handle(ev, unix(vecBoundary+1))
	}
	if len(h.sys.copied) != 0 {
		t.Errorf("copied %v", h.sys.copied)
	}
}

// With notifications off, a copy says nothing; the code is copied.
func TestCopyNoticeOff(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 1)
	h.start(now)
	setPrefs(t, h, now, func(p *prefs.Prefs) { p.Notify = menu.NotifyOff })
	h.click(menu.KeyCode+"vip1", now)
	h.click(menu.KeyCredentialID+"vip1", now)
	if len(h.sys.copied) != 2 || len(h.sys.notices) != 0 {
		t.Errorf("copied %v, notices %+v", h.sys.copied, h.sys.notices)
	}
}

// Several new codes at once: one notice, a button for each token.
func TestNewCodesNoticeButtons(t *testing.T) {
	second := vipToken()
	second.ID, second.Name, second.VIP = "bank", "Bank (alice)", nil
	h := newHarness(t, vipToken(), second)
	h.start(unix(vecBoundary - 10))
	h.click(menu.KeyCode+"vip1", unix(vecBoundary-10))
	h.click(menu.KeyCode+"bank", unix(vecBoundary-10))
	h.refresh(unix(vecBoundary))
	got := lastNotice(t, h)
	want := []desktop.NoticeAction{{Key: "copy/vip1", Label: "Copy VIP Access"}, {Key: "copy/bank", Label: "Copy Bank (alice)"}}
	if !slices.Equal(got.Actions, want) || got.Body != "New code for VIP Access: 050 471\nNew code for Bank (alice): 050 471" {
		t.Errorf("notice %+v, want actions %+v", got, want)
	}
	if len(h.sys.notices) != 3 || got.Replaces != 1 {
		t.Errorf("notices %+v, want copy, copy, new codes, all in one place", h.sys.notices)
	}
}

// The registration helper: its lines copy OTP1 and OTP2 and say which of
// the two; the OTP2 notice's button copies OTP2.
func TestHelperCopies(t *testing.T) {
	h := newHarness(t, vipToken())
	start := unix(vecBoundary - 10)
	h.start(start)
	h.click(menu.KeyRegister+"vip1", start)
	if got := lastNotice(t, h); got.Title != "Copied the credential ID of VIP Access" || got.Body != "" {
		t.Errorf("credential ID notice %+v", got)
	}
	h.click(menu.KeyHelperFirst, start)
	if got := lastNotice(t, h); got.Title != "Copied OTP1 of VIP Access (1 of 2)" || got.Body != "Clears from the clipboard in 30 s." {
		t.Errorf("OTP1 notice %+v", got)
	}
	h.click(menu.KeyHelperSecond, start)
	if got := lastNotice(t, h); got.Title != "Copied OTP2 of VIP Access (2 of 2)" ||
		got.Body != "Valid from "+unix(vecBoundary).Format("15:04:05")+".\nClears from the clipboard in 30 s." {
		t.Errorf("early OTP2 notice %+v", got)
	}
	h.click(menu.KeyHelperFirst, unix(vecBoundary-1))
	if got := lastNotice(t, h).Body; got != "This code expires in 1 s; the next code follows.\nClears from the clipboard in 30 s." {
		t.Errorf("OTP1 at the end of its window: %q", got)
	}
	h.refresh(unix(vecBoundary))
	otp2 := lastNotice(t, h)
	want := desktop.Notice{Title: "Registering VIP Access", Body: "Enter this as OTP2: 050 471", Replaces: 1,
		Actions: []desktop.NoticeAction{{Key: helperOTP2Key, Label: "Copy"}}}
	if !noticeEqual(otp2, want) {
		t.Fatalf("OTP2 notice %+v, want %+v", otp2, want)
	}
	h.sys.copied = nil
	h.handle(event{kind: evNoticeAction, notice: h.sys.lastNotice, key: helperOTP2Key}, unix(vecBoundary+40))
	// Later than OTP2's window the helper has ended: the button does nothing.
	if len(h.sys.copied) != 0 {
		t.Errorf("copied %v after the helper ended", h.sys.copied)
	}
	h.click(menu.KeyRegister+"vip1", start)
	h.refresh(unix(vecBoundary))
	h.sys.copied = nil
	h.handle(event{kind: evNoticeAction, notice: h.sys.lastNotice, key: helperOTP2Key}, unix(vecBoundary+5))
	if want := []copied{{vecCodeAfter, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("the OTP2 button copied %v, want %v", h.sys.copied, want)
	}
	if got := lastNotice(t, h); got.Title != "Copied OTP2 of VIP Access (2 of 2)" || got.Body != "Clears from the clipboard in 30 s." {
		t.Errorf("OTP2 copied notice %+v", got)
	}
}

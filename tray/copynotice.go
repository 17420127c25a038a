package tray

import (
	"strings"
	"sync"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// What a copy says at once, and the Copy buttons of the notifications of
// new codes. These notices share one place on the screen: each replaces
// the one before it ("Copied Bank", then "New code for Bank" at the
// boundary, then "Copied Bank" after its Copy button), so that they never
// pile up. Plain notifications (errors, the clock, updates) go their own
// way (notify).

// nearBoundary: a code copied with less than this left is announced as
// about to expire, and the next one follows in a notification.
const nearBoundary = 3 * time.Second

// Keys of the notices' actions: copyActionKey + a token ID copies that
// token's current code; helperOTP2Key the registration helper's OTP2.
const (
	copyActionKey = "copy/"
	helperOTP2Key = "helper/otp2"
)

// noticeState is the place of our notices.
type noticeState struct {
	slot *noticeSlot
}

// noticeSlot is the ID of the notice shown last. The notifier queue sets
// it, in the order the notices were asked for, so that a notice asked for
// before the previous one was shown still replaces it; the loop reads it
// to know whether a pressed button is on the notice now shown.
type noticeSlot struct {
	mu sync.Mutex
	id uint32
}

func (s *noticeSlot) get() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id
}

func (s *noticeSlot) set(id uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.id = id
}

func (a *app) noticeSlot() *noticeSlot {
	if a.notice.slot == nil {
		a.notice.slot = &noticeSlot{}
	}
	return a.notice.slot
}

// showNotice shows n in our notices' place, on the notifier queue.
func (a *app) showNotice(n desktop.Notice) {
	sys, slot := a.Sys, a.noticeSlot()
	a.effect(a.loop.notifier, func() func(time.Time) {
		n.Replaces = slot.get()
		id, err := sys.ShowNotice(n)
		if err != nil {
			logf("notification %q not shown: %v", n.Title, err)
			return nil
		}
		slot.set(id)
		return nil
	})
}

// noticesOn: with notifications off in Settings, a copy says nothing
// either.
func (a *app) noticesOn() bool { return menu.NotifyMode(a.prefs()) != menu.NotifyOff }

// noticeCopied says that tv's code is on the clipboard, how it leaves it,
// and, when it is about to expire, that the next one follows (the copy
// made the next code's notification due: announceChanges).
func (a *app) noticeCopied(tv menu.TokenView, now time.Time) {
	if !a.noticesOn() {
		return
	}
	var lines []string
	if menu.HasCountdown(tv) && tv.Window.Until.Sub(now) < nearBoundary {
		lines = append(lines, a.loc.T("copy12.expires_soon", "Seconds", menu.SecondsLeft(tv.Window.Until, now)))
	}
	lines = append(lines, a.clearsLine()...)
	a.showNotice(desktop.Notice{Title: a.loc.T("copy12.copied", "Name", tv.Token.Name), Body: strings.Join(lines, "\n"), Short: true})
}

// noticeCopiedID says that a VIP credential ID is on the clipboard (which
// keeps it: an ID is no secret).
func (a *app) noticeCopiedID(name string) {
	if a.noticesOn() {
		a.showNotice(desktop.Notice{Title: a.loc.T("copy12.copied_id", "Name", name), Short: true})
	}
}

// clearsLine says how a code copied now leaves the clipboard, as
// copyCode asks it to; nothing when it stays.
func (a *app) clearsLine() []string {
	p := a.prefs()
	secs := int(menu.ClearAfter(p) / time.Second)
	switch paste := p.ClearAfterPaste && desktop.ClearsAfterPaste; {
	case paste && secs > 0:
		return []string{a.loc.T("copy12.clears_paste_in", "Seconds", secs)}
	case paste:
		return []string{a.loc.T("copy12.clears_paste")}
	case secs > 0:
		return []string{a.loc.T("copy12.clears_in", "Seconds", secs)}
	}
	return nil
}

// newCodesNotice is the notification of new codes: lines, one a token, of
// the tokens ids. Where the server has buttons it offers to copy each.
func (a *app) newCodesNotice(lines []string, ids, names []string) {
	n := desktop.Notice{Title: a.loc.T("tray.toast.new_code_title"), Body: strings.Join(lines, "\n")}
	for i, id := range ids {
		label := a.loc.T("copy12.action.copy")
		if len(ids) > 1 {
			label = a.loc.T("copy12.action.copy_named", "Name", names[i])
		}
		n.Actions = append(n.Actions, desktop.NoticeAction{Key: copyActionKey + id, Label: label})
	}
	a.showNotice(n)
}

// helperOTP2Notice says that the registration helper's OTP2 is valid now,
// with a button that copies it.
func (a *app) helperOTP2Notice(h *menu.Helper) {
	a.showNotice(desktop.Notice{
		Title:   a.loc.T("trayvip.helper.toast_title", "Name", h.Name),
		Body:    a.loc.T("trayvip.helper.toast", "Code", token.Group(h.Second.Code)),
		Actions: []desktop.NoticeAction{{Key: helperOTP2Key, Label: a.loc.T("copy12.action.copy")}},
	})
}

// copyHelperCode copies the registration helper's OTP1 (n 1) or OTP2 (n
// 2) and says which of the two it was; nothing once the helper is over
// (a press on its notice after OTP2's window).
func (a *app) copyHelperCode(n int, now time.Time) {
	h := a.vip.helper
	if h == nil || (n != 1 && n != 2) || !now.Before(h.Second.Until) {
		return
	}
	w := h.First
	if n == 2 {
		w = h.Second
	}
	if err := a.copyCode(w.Code); err != nil {
		a.problem(menu.ProblemClipboard, wrap("tray.err.copy", err))
		return
	}
	a.problem(menu.ProblemClipboard, nil)
	if !a.noticesOn() {
		return
	}
	var lines []string
	switch {
	case now.Before(w.From):
		lines = append(lines, a.loc.T("copy12.valid_from", "Time", w.From.In(now.Location()).Format("15:04:05")))
	case n == 1 && w.Until.Sub(now) < nearBoundary:
		// OTP2 follows: helperTick announces it.
		lines = append(lines, a.loc.T("copy12.expires_soon", "Seconds", menu.SecondsLeft(w.Until, now)))
	}
	lines = append(lines, a.clearsLine()...)
	a.showNotice(desktop.Notice{Title: a.loc.T("copy12.copied_helper", "Name", h.Name, "N", n), Body: strings.Join(lines, "\n"), Short: true})
}

// noticeAction carries out the button key pressed on our notice id. A
// press on a notice that another has replaced since is dropped: its
// button no longer shows.
func (a *app) noticeAction(id uint32, key string, now time.Time) {
	if id == 0 || a.notice.slot == nil || a.notice.slot.get() != id {
		return
	}
	switch {
	case strings.HasPrefix(key, copyActionKey):
		a.copyToken(strings.TrimPrefix(key, copyActionKey), now)
	case key == helperOTP2Key:
		a.copyHelperCode(2, now)
	}
}

package tray_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

// TestCopyNoticesEndToEnd: a click copies and says so at once, in a
// notice that the next one replaces (replaces_id); the new code's notice
// carries a Copy button, and pressing it in dunst copies the new code; a
// copy near the boundary says the next code follows; the registration
// helper's OTP1 line is clickable and copies OTP1.
func TestCopyNoticesEndToEnd(t *testing.T) {
	e2e.Require(t)
	fast := newToken("Fast", 5)
	vip := newToken("E2E VIP", 30)
	vip.VIP = &token.VIP{CredentialID: "SYDC12345678"}
	// No first-run hint: the only notices are those of this test.
	store := newStore(t, prefs.Prefs{FirstRunDone: true, AutostartOff: true}, &fast, &vip)
	p := startTray(t, store)
	p.wholeMenu(t)
	e2e.CloseNotifications(t)
	watcher := e2e.WatchNotifications(t)

	var slot uint32 // the ID of our notices' place, once dunst gave one
	t.Run("a click says so at once, and the next copy replaces it", func(t *testing.T) {
		earlyInWindow(t, fast, 3*time.Second)
		w, _ := fast.WindowAt(time.Now(), 0)
		clicked := time.Now()
		p.menu.Click(t, p.item(t, prefix("Fast  ")).ID)
		waitClipboard(t, "the fast code", func(s string) bool { return s == w.Code }, 3*time.Second)
		first := watcher.Wait(t, "Copied Fast", 5*time.Second)
		t.Logf("notice %v after the click", time.Since(clicked))
		if first.Body != "Clears from the clipboard in 30 s." || first.ReplacesID != 0 {
			t.Errorf("first notice %+v, want a new one saying the clipboard clears in 30 s", first)
		}
		p.menu.Click(t, p.item(t, prefix("Fast  ")).ID)
		second := watcher.Wait(t, "Copied Fast", 5*time.Second)
		if second.ReplacesID == 0 {
			t.Fatalf("second notice %+v does not replace the first", second)
		}
		slot = second.ReplacesID
	})
	if slot == 0 {
		t.FailNow()
	}

	t.Run("the new code offers a Copy button that copies it", func(t *testing.T) {
		w, _ := fast.WindowAt(time.Now(), 0)
		next := codeAt(t, fast, w.Until)
		n := watcher.Wait(t, "New code for Fast: "+token.Group(next), 10*time.Second)
		if n.ReplacesID != slot || !slices.Equal(n.Actions, []string{"copy/" + fast.ID, "Copy"}) {
			t.Fatalf("new code notice %+v, want replaces_id %d and the Copy button", n, slot)
		}
		e2e.SetClipboard(t, "before")
		from := time.Now()
		e2e.InvokeAction(t)
		waitClipboard(t, "the new code", isCode(t, fast, from), 5*time.Second)
		if c := watcher.Wait(t, "Copied Fast", 5*time.Second); c.ReplacesID != slot {
			t.Errorf("notice after the button %+v, want replaces_id %d", c, slot)
		}
	})

	t.Run("a copy near the boundary says the next code follows", func(t *testing.T) {
		// Up to three windows: a loaded machine may handle the click
		// after the boundary, where the copy is no longer near it.
		for try := 0; ; try++ {
			w, _ := fast.WindowAt(time.Now(), 0)
			if left := time.Until(w.Until); left < 2*time.Second {
				time.Sleep(left + 50*time.Millisecond)
				w, _ = fast.WindowAt(time.Now(), 0)
			}
			time.Sleep(time.Until(w.Until.Add(-2 * time.Second)))
			p.menu.Click(t, p.item(t, prefix("Fast  ")).ID)
			c := watcher.Wait(t, "Copied Fast", 5*time.Second)
			if strings.HasPrefix(c.Body, "This code expires in ") && strings.Contains(c.Body, " s; the next code follows.\n") {
				n := watcher.Wait(t, "New code for Fast: "+token.Group(codeAt(t, fast, w.Until)), 10*time.Second)
				if len(n.Actions) != 2 {
					t.Errorf("the next code's notice %+v offers no Copy button", n)
				}
				return
			}
			t.Logf("try %d: notice %+v", try+1, c)
			if try == 2 {
				t.Fatal("no copy near the boundary said so")
			}
		}
	})

	t.Run("the registration helper's OTP1 line copies OTP1", func(t *testing.T) {
		earlyInWindow(t, vip, 10*time.Second)
		w, _ := vip.WindowAt(time.Now(), 0)
		p.menu.Click(t, p.item(t, prefix("Register with your bank")).ID)
		waitClipboard(t, "the credential ID", func(s string) bool { return s == "SYDC12345678" }, 5*time.Second)
		line := p.menu.WaitLabel(t, prefix("\u2003\u2003OTP1: "+token.Group(w.Code)), 5*time.Second)
		if !line.Enabled {
			t.Fatalf("OTP1 line %+v is greyed", line)
		}
		p.menu.Click(t, line.ID)
		waitClipboard(t, "OTP1", func(s string) bool { return s == w.Code }, 5*time.Second)
		watcher.Wait(t, "Copied OTP1 of E2E VIP (1 of 2)", 5*time.Second)
	})

	t.Run("quit", func(t *testing.T) { p.quit(t) })
}

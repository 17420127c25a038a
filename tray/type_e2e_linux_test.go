package tray_test

import (
	"os/exec"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

// TestTypeHotkeyEndToEnd: the real tray, the type hotkey pressed while
// its modifiers are held and let go late, types the default token's code
// with its template into the focused window; a token's own type hotkey
// types that token's code.
func TestTypeHotkeyEndToEnd(t *testing.T) {
	e2e.Require(t)
	tok, other := newToken("Typed", 30), newToken("Other", 30)
	p := prefs.Prefs{TypeMinLeft: -1}
	store := newStore(t, p, &tok, &other)
	err := store.Update(prefs.Change(func(p *prefs.Prefs) {
		p.SetToken(tok.ID, prefs.TokenPrefs{Template: "{code}{tab}{enter}"})
		p.SetToken(other.ID, prefs.TokenPrefs{TypeHotkey: "Win+Alt+2"})
	}))
	if err != nil {
		t.Fatal(err)
	}
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := e2e.NewKeyWindow(t, "")

	earlyInWindow(t, tok, 5*time.Second)
	from := time.Now()
	pressHeld(t, "t")
	want := codeAt(t, tok, from) + "{tab}{enter}"
	got := r.Wait(want, 20*time.Second)
	if got != want && got != codeAt(t, tok, time.Now())+"{tab}{enter}" {
		t.Fatalf("the window received %q, want %q", got, want)
	}

	earlyInWindow(t, other, 5*time.Second)
	from = time.Now()
	pressHeld(t, "2")
	want2 := got + codeAt(t, other, from)
	if got := r.Wait(want2, 20*time.Second); got != want2 && got != want+codeAt(t, other, time.Now()) {
		t.Errorf("after Other's own hotkey the window has %q, want %q (notifications %v)", got, want2, watcher.All())
	}
}

// pressHeld presses Super+Alt+key, lets go of key, and of the modifiers
// only 300 ms later, as a user slow to let go does.
func pressHeld(t *testing.T, key string) {
	t.Helper()
	for _, args := range [][]string{{"keydown", "super", "alt", key}, {"keyup", key}} {
		if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v %s", args, err, out)
		}
	}
	time.Sleep(300 * time.Millisecond)
	if out, err := exec.Command("xdotool", "keyup", "alt", "super").CombinedOutput(); err != nil {
		t.Fatalf("xdotool keyup: %v %s", err, out)
	}
}

// pressQuick presses Super+Alt+key and lets go at once, as `xdotool key`
// does.
func pressQuick(t *testing.T, key string) {
	t.Helper()
	if out, err := exec.Command("xdotool", "key", "super+alt+"+key).CombinedOutput(); err != nil {
		t.Fatalf("xdotool key: %v %s", err, out)
	}
}

// leftInWindow waits until tok's code has between lo and hi left, and
// returns the end of that code's window.
func leftInWindow(t *testing.T, tok token.Token, lo, hi time.Duration) time.Time {
	t.Helper()
	for {
		w, err := tok.WindowAt(time.Now(), 0)
		if err != nil {
			t.Fatal(err)
		}
		left := time.Until(w.Until)
		if left > lo && left <= hi {
			return w.Until
		}
		if left > hi {
			time.Sleep(left - hi + 20*time.Millisecond)
		} else {
			time.Sleep(left + 20*time.Millisecond)
		}
	}
}

// vipTypeToken is a token with a credential ID and the VIP registration
// template, whose codes last 5 s to keep the waits short.
func vipTypeToken(t *testing.T, p prefs.Prefs) (token.Token, *token.Store) {
	t.Helper()
	tok := newToken("Bank", 5)
	tok.VIP = &token.VIP{CredentialID: "SYDC12345678"}
	store := newStore(t, p, &tok)
	err := store.Update(prefs.Change(func(p *prefs.Prefs) {
		p.SetToken(tok.ID, prefs.TokenPrefs{Template: "{id}{tab}{code}{tab}{wait}{code}"})
	}))
	if err != nil {
		t.Fatal(err)
	}
	return tok, store
}

// TestTypeRegistrationTemplateEndToEnd: the VIP registration template types
// the credential ID, the code, and at the next boundary the next code: the
// two consecutive codes a bank's registration page asks for; the wait is
// announced.
func TestTypeRegistrationTemplateEndToEnd(t *testing.T) {
	e2e.Require(t)
	tok, store := vipTypeToken(t, prefs.Prefs{TypeMinLeft: -1})
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := e2e.NewKeyWindow(t, "")

	until := leftInWindow(t, tok, 3*time.Second, 5*time.Second)
	pressQuick(t, "t")
	want := "SYDC12345678{tab}" + codeAt(t, tok, until.Add(-time.Second)) + "{tab}" + codeAt(t, tok, until)
	if got := r.Wait(want, 20*time.Second); got != want {
		t.Fatalf("the window received %q, want %q (notifications %v)", got, want, watcher.All())
	}
	watcher.Wait(t, "the next code is typed at "+until.Local().Format("15:04:05"), 5*time.Second)
}

// TestTypeCancelledByFocusChange: moving to another window during the
// template's wait stops it; nothing more is typed anywhere, and a
// notification says why.
func TestTypeCancelledByFocusChange(t *testing.T) {
	e2e.Require(t)
	tok, store := vipTypeToken(t, prefs.Prefs{TypeMinLeft: -1})
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	other := e2e.NewKeyWindow(t, "")
	r := e2e.NewKeyWindow(t, "")

	until := leftInWindow(t, tok, 3*time.Second, 5*time.Second)
	pressQuick(t, "t")
	first := "SYDC12345678{tab}" + codeAt(t, tok, until.Add(-time.Second)) + "{tab}"
	if got := r.Wait(first, 20*time.Second); got != first {
		t.Fatalf("before the wait the window received %q, want %q", got, first)
	}
	other.Focus(t)
	time.Sleep(time.Until(until) + time.Second)
	if got := r.Text(); got != first {
		t.Errorf("after the focus moved the window has %q, want only %q", got, first)
	}
	if got := other.Text(); got != "" {
		t.Errorf("the window given the focus received %q", got)
	}
	watcher.Wait(t, "the code was not typed", 5*time.Second)
}

// TestTypeSkipsACodeAboutToExpire: with the default minimum of 3 s, a
// press when the code has 2 s left types the next code, at its start.
func TestTypeSkipsACodeAboutToExpire(t *testing.T) {
	e2e.Require(t)
	tok := newToken("Typed", 5)
	store := newStore(t, prefs.Prefs{}, &tok)
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := e2e.NewKeyWindow(t, "")

	until := leftInWindow(t, tok, 1500*time.Millisecond, 2500*time.Millisecond)
	pressQuick(t, "t")
	want := codeAt(t, tok, until)
	if got := r.Wait(want, 20*time.Second); got != want {
		t.Fatalf("the window received %q, want the next code %q (the one ending then is %q; notifications %v)",
			got, want, codeAt(t, tok, until.Add(-time.Second)), watcher.All())
	}
	if time.Now().Before(until) {
		t.Errorf("the next code arrived before its window began at %v", until)
	}
}

// TestTypeHotkeyFollowsWindowRules: with two windows whose titles match two
// tokens' window rules, the type hotkey types the token of the window that
// has the focus, and the default token's in a window no rule matches.
func TestTypeHotkeyFollowsWindowRules(t *testing.T) {
	e2e.Require(t)
	def, alpha, beta := newToken("Default", 30), newToken("Alpha", 30), newToken("Beta", 30)
	store := newStore(t, prefs.Prefs{TypeMinLeft: -1}, &def, &alpha, &beta)
	err := store.Update(prefs.Change(func(p *prefs.Prefs) {
		p.SetToken(alpha.ID, prefs.TokenPrefs{Windows: []string{"JWEBOFFICE"}})
		p.SetToken(beta.ID, prefs.TokenPrefs{Windows: []string{"beta portal"}})
	}))
	if err != nil {
		t.Fatal(err)
	}
	startTray(t, store)
	ra := e2e.NewKeyWindow(t, "JWEBOFFICE - Corporate banking")
	rb := e2e.NewKeyWindow(t, "Welcome to the Beta Portal")
	rn := e2e.NewKeyWindow(t, "Notes")
	for _, c := range []struct {
		r   *e2e.KeyWindow
		tok token.Token
	}{{ra, alpha}, {rb, beta}, {rn, def}, {ra, alpha}} {
		before := c.r.Text()
		c.r.Focus(t)
		time.Sleep(400 * time.Millisecond) // presses closer than 300 ms count as one
		earlyInWindow(t, c.tok, 3*time.Second)
		from := time.Now()
		pressQuick(t, "t")
		want := before + codeAt(t, c.tok, from)
		if got := c.r.Wait(want, 20*time.Second); got != want {
			t.Fatalf("window for %s received %q, want %q", c.tok.Name, got, want)
		}
	}
	if ra.Text() == rb.Text() {
		t.Error("both windows received the same codes")
	}
}

// TestTypeHotkeyQuickPress: a hotkey pressed and let go at once, as a
// quick user or `xdotool key` does, still types the whole code.
func TestTypeHotkeyQuickPress(t *testing.T) {
	e2e.Require(t)
	tok := newToken("Typed", 30)
	store := newStore(t, prefs.Prefs{TypeMinLeft: -1}, &tok)
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := e2e.NewKeyWindow(t, "")
	earlyInWindow(t, tok, 5*time.Second)
	from := time.Now()
	if out, err := exec.Command("xdotool", "key", "super+alt+t").CombinedOutput(); err != nil {
		t.Fatalf("xdotool key: %v %s", err, out)
	}
	want := codeAt(t, tok, from)
	if got := r.Wait(want, 20*time.Second); got != want && got != codeAt(t, tok, time.Now()) {
		t.Fatalf("the window received %q, want %q (notifications %v)", got, want, watcher.All())
	}
}

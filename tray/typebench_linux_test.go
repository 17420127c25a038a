package tray_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

// waitKeys waits until n keys have arrived in all and returns them; it
// fails the benchmark after 10 s.
func waitKeys(b *testing.B, r *e2e.KeyWindow, n int) []e2e.Arrival {
	b.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := r.Keys()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d keys arrived within 10 s, want %d: %q", len(got), n, e2e.KeysText(got))
		}
		time.Sleep(time.Millisecond)
	}
}

// fakeKeys presses keys through XTEST, as the keyboard does.
type fakeKeys struct {
	conn             *xgb.Conn
	super, alt, hotT xproto.Keycode
	root             xproto.Window
}

func newFakeKeys(b *testing.B) *fakeKeys {
	b.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		b.Fatalf("open the X display: %v", err)
	}
	b.Cleanup(conn.Close)
	if err := xtest.Init(conn); err != nil {
		b.Fatalf("XTEST: %v", err)
	}
	keysyms, per := e2e.Keymap(conn)
	min := xproto.Setup(conn).MinKeycode
	code := func(ks xproto.Keysym) xproto.Keycode {
		for i := 0; i < len(keysyms); i += per {
			if keysyms[i] == ks {
				return xproto.Keycode(int(min) + i/per)
			}
		}
		b.Fatalf("no key for keysym %#x", ks)
		return 0
	}
	return &fakeKeys{conn: conn, super: code(0xffeb), alt: code(0xffe9), hotT: code('t'),
		root: xproto.Setup(conn).DefaultScreen(conn).Root}
}

func (k *fakeKeys) send(b *testing.B, event byte, code xproto.Keycode) {
	b.Helper()
	if err := xtest.FakeInputChecked(k.conn, event, byte(code), 0, k.root, 0, 0, 0).Check(); err != nil {
		b.Fatalf("XTEST: %v", err)
	}
}

// hotkey presses Super+Alt+T, lets go of T, holds the modifiers for hold
// and lets go of them; it returns the instant the server had taken the
// last release (each request is checked, a round trip).
func (k *fakeKeys) hotkey(b *testing.B, hold time.Duration) time.Time {
	b.Helper()
	k.send(b, xproto.KeyPress, k.super)
	k.send(b, xproto.KeyPress, k.alt)
	k.send(b, xproto.KeyPress, k.hotT)
	k.send(b, xproto.KeyRelease, k.hotT)
	if hold > 0 {
		time.Sleep(hold)
	}
	k.send(b, xproto.KeyRelease, k.alt)
	k.send(b, xproto.KeyRelease, k.super)
	return time.Now()
}

// BenchmarkTrayTypeHotkey: from letting go of the type hotkey's keys to the
// last character typed into the focused window, for a 6-digit code (a quick
// press, and one whose modifiers are held 100 ms, as a slower hand does)
// and for the VIP registration template, whose {wait} is reported apart:
// its lateness after the period boundary.
func BenchmarkTrayTypeHotkey(b *testing.B) {
	e2e.Require(b)
	const presses = 10
	b.Run("code", func(b *testing.B) {
		tok := newToken("Typed", 30)
		s := quietSettings()
		s.TypeMinLeft = -1
		p := startTray(b, newStore(b, s, &tok))
		defer stopTray(b, p)
		r := e2e.NewKeyWindow(b, "")
		keys := newFakeKeys(b)
		n := warmUp(b, r, keys, 6)
		for _, hold := range []time.Duration{0, 100 * time.Millisecond} {
			var lat []time.Duration
			for range presses {
				earlyInWindow(b, tok, 2*time.Second)
				from := time.Now()
				released := keys.hotkey(b, hold)
				got := waitKeys(b, r, n+6)[n:]
				n += 6
				if typed := e2e.KeysText(got); !isCode(b, tok, from)(typed) {
					b.Fatalf("typed %q, want %s's code", typed, tok.Name)
				}
				lat = append(lat, got[5].At.Sub(released))
				time.Sleep(500 * time.Millisecond)
			}
			name := fmt.Sprintf("hold%dms", hold.Milliseconds())
			b.Logf("%s: modifiers released to last digit: %v", name, lat)
			b.ReportMetric(ms(median(lat)), "ms-code-"+name+"-median")
			b.ReportMetric(ms(slices.Max(lat)), "ms-code-"+name+"-max")
		}
	})
	b.Run("registration", func(b *testing.B) {
		const period = 2
		tok := newToken("Form", period)
		tok.VIP = &token.VIP{CredentialID: "SYDC12345678"}
		s := quietSettings()
		s.TypeMinLeft = -1
		store := newStore(b, s, &tok)
		err := store.Update(prefs.Change(func(p *prefs.Prefs) {
			p.SetToken(tok.ID, prefs.TokenPrefs{Template: "{id}{tab}{code}{tab}{wait}{code}"})
		}))
		if err != nil {
			b.Fatal(err)
		}
		p := startTray(b, store)
		defer stopTray(b, p)
		r := e2e.NewKeyWindow(b, "")
		keys := newFakeKeys(b)
		// SYDC12345678, Tab, the code, Tab | the next code.
		const before, after = 12 + 1 + 6 + 1, 6
		n := warmUp(b, r, keys, before+after)
		var typing, late []time.Duration
		for range presses {
			from := time.Now()
			released := keys.hotkey(b, 0)
			got := waitKeys(b, r, n+before+after)[n:]
			n += before + after
			typed := e2e.KeysText(got)
			// The wait ends at the boundary after the first code's window.
			var boundary time.Time
			for at := from.Add(-period * time.Second); at.Before(time.Now()); at = at.Add(period * time.Second) {
				w, _ := tok.WindowAt(at, 0)
				next, _ := tok.WindowAt(w.Until, 0)
				if typed == "SYDC12345678{tab}"+w.Code+"{tab}"+next.Code {
					boundary = w.Until
				}
			}
			if boundary.IsZero() {
				b.Fatalf("typed %q, want the ID, Tab, a code, Tab and the next code", typed)
			}
			typing = append(typing, got[before-1].At.Sub(released)+got[before+after-1].At.Sub(got[before].At))
			late = append(late, got[before].At.Sub(boundary))
			time.Sleep(500 * time.Millisecond)
		}
		b.Logf("registration: typing (released to last key before the wait, plus after it): %v", typing)
		b.Logf("registration: boundary to first key after the wait: %v", late)
		b.ReportMetric(ms(median(typing)), "ms-reg-typing-median")
		b.ReportMetric(ms(slices.Max(typing)), "ms-reg-typing-max")
		b.ReportMetric(ms(median(late)), "ms-reg-wait-late-median")
		b.ReportMetric(ms(slices.Max(late)), "ms-reg-wait-late-max")
	})
}

// warmUp presses the hotkey once, unmeasured, and waits for what it types
// (want keys): the tray registers its hotkeys just after its menu answers,
// and the first typing opens its keyboard. It returns the keys arrived.
func warmUp(b *testing.B, r *e2e.KeyWindow, keys *fakeKeys, want int) int {
	b.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		keys.hotkey(b, 0)
		wait := time.Now().Add(2 * time.Second)
		for time.Now().Before(wait) {
			n := len(r.Keys())
			if n > 0 {
				n = len(waitKeys(b, r, want))
				// A second press right after one may not reach the
				// program (see BenchmarkTrayHotkeyToClipboard).
				time.Sleep(500 * time.Millisecond)
				return n
			}
			time.Sleep(10 * time.Millisecond)
		}
		if time.Now().After(deadline) {
			b.Fatal("the type hotkey typed nothing within 10 s")
		}
	}
}

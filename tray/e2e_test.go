package tray_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync/ntptest"
)

const trayPkg = "github.com/otptray/otptray/cmd/otptray"

// trayProc is a running otptray with its own data folder.
type trayProc struct {
	cmd    *exec.Cmd
	dir    string
	store  *token.Store
	menu   *e2e.Menu
	out    *syncBuffer
	done   chan struct{}
	err    error         // of Wait, once done is closed
	toMenu time.Duration // from start to the first menu answer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newToken makes a TOTP token with a fresh random secret.
func newToken(name string, period int) token.Token {
	secret := make([]byte, 20)
	rand.Read(secret)
	return token.Token{Name: name, Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: period, Secret: secret}
}

// newStore makes a data folder whose secrets go to the session's keyring
// (removed when the test ends), with the tokens and tray preferences given.
func newStore(t testing.TB, p prefs.Prefs, toks ...*token.Token) *token.Store {
	t.Helper()
	store := token.Open(t.TempDir(), token.SystemKeyring{})
	for _, tok := range toks {
		stored, err := store.Add(*tok)
		if err != nil {
			t.Fatalf("add %s: %v", tok.Name, err)
		}
		tok.ID = stored.ID
	}
	if err := store.Update(func(d *token.Data) error { return prefs.Put(&d.Settings, p) }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeSecrets(store) })
	return store
}

func removeSecrets(store *token.Store) {
	d, err := store.Load()
	if err != nil {
		return
	}
	for _, tok := range d.Tokens {
		store.Keyring.Delete(tok.ID)
	}
}

// startTray starts the program on store's folder and waits for its menu.
func startTray(t testing.TB, store *token.Store, env ...string) *trayProc {
	t.Helper()
	return startBinary(t, e2e.BuildBinary(t, trayPkg), store, env...)
}

// startBinary starts the tray program bin (for instance one built with other
// flags) on store's folder and waits for its menu.
func startBinary(t testing.TB, bin string, store *token.Store, env ...string) *trayProc {
	t.Helper()
	p := &trayProc{dir: store.Dir, store: store, out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin)
	p.cmd.Env = append(os.Environ(), "OTPTRAY_CONFIG_DIR="+store.Dir, "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.done:
			case <-time.After(5 * time.Second):
				p.cmd.Process.Kill()
				<-p.done
			}
		}
		// The race detector reports as it finds, whether or not the
		// program then ended by itself: no race is tolerated, in the
		// patched systray either.
		if strings.Contains(p.out.String(), "WARNING: DATA RACE") {
			t.Error("otptray reported a data race")
		}
		if t.Failed() {
			t.Logf("otptray output:\n%s", p.out.String())
		}
	})
	p.menu = e2e.FindMenu(t, p.cmd.Process.Pid, 20*time.Second)
	p.toMenu = time.Since(start)
	return p
}

// menuWhole says whether the program has finished building its menu: after
// a token is added it builds it again, one entry at a time, and enables the
// last entry, Quit, only once every entry answers clicks (trayUI.Rebuild). A
// menu read or clicked before would be half built, or drop the click. (A
// change of language relabels the entries in place, one at a time: see
// lastLabel.)
func menuWhole(root e2e.Item) bool {
	n := len(root.Children)
	if n == 0 {
		return false
	}
	last := root.Children[n-1]
	return last.Enabled && (last.Label == "Quit" || last.Label == "終了")
}

// lastLabel is menuWhole, with the last entry labelled label.
func lastLabel(label string) func(e2e.Item) bool {
	return func(root e2e.Item) bool {
		return menuWhole(root) && root.Children[len(root.Children)-1].Label == label
	}
}

// wholeMenu waits until the program has finished building its menu, and
// returns the menu.
func (p *trayProc) wholeMenu(t testing.TB) e2e.Item {
	t.Helper()
	return p.menu.WaitMenu(t, menuWhole, 20*time.Second)
}

// item finds the menu entry whose label satisfies match, in the whole menu.
func (p *trayProc) item(t testing.TB, match func(string) bool) e2e.Item {
	t.Helper()
	root := p.wholeMenu(t)
	it, ok := root.Find(func(it e2e.Item) bool { return it.ID != 0 && match(it.Label) })
	if !ok {
		t.Fatalf("no such menu entry; the menu is %s", root)
	}
	return it
}

// quit clicks Quit and waits for the program to end, which it must do with
// status 0 (a race-enabled build exits with 66 after a data race).
func (p *trayProc) quit(t testing.TB) {
	t.Helper()
	p.menu.Click(t, p.item(t, prefix("Quit")).ID)
	clicked := time.Now()
	select {
	case <-p.done:
		t.Logf("otptray ended %v after the click on Quit", time.Since(clicked))
		if p.err != nil {
			t.Errorf("otptray exited with %v", p.err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("otptray still runs 20 s after Quit")
	}
}

func prefix(s string) func(string) bool {
	return func(l string) bool { return strings.HasPrefix(l, s) }
}

// codeAt is tok's code at instant at.
func codeAt(t testing.TB, tok token.Token, at time.Time) string {
	t.Helper()
	w, err := tok.WindowAt(at, 0)
	if err != nil {
		t.Fatal(err)
	}
	return w.Code
}

// waitClipboard waits until the clipboard satisfies ok and returns its text.
func waitClipboard(t testing.TB, what string, ok func(string) bool, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := e2e.Clipboard(t)
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("clipboard: want %s, have %q after %v", what, got, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// isCode accepts the code of tok at any instant between from and now: an
// action taken in that span may have seen either side of a boundary.
func isCode(t testing.TB, tok token.Token, from time.Time) func(string) bool {
	return func(s string) bool {
		return s == codeAt(t, tok, from) || s == codeAt(t, tok, time.Now())
	}
}

// earlyInWindow waits, if needed, until tok's current code has at least
// margin left, so that an action and its check see the same code.
func earlyInWindow(t testing.TB, tok token.Token, margin time.Duration) {
	t.Helper()
	w, err := tok.WindowAt(time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if time.Until(w.Until) < margin {
		time.Sleep(time.Until(w.Until) + 50*time.Millisecond)
	}
}

func autostartFile() string {
	base := os.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		base = filepath.Join(os.Getenv("HOME"), ".config")
	}
	return filepath.Join(base, "autostart", "otptray.desktop")
}

// TestTrayEndToEnd drives one running otptray through everything a user
// does with it. One process serves all the subtests, so that the waits for
// period boundaries are paid once.
func TestTrayEndToEnd(t *testing.T) {
	e2e.Require(t)
	os.Remove(autostartFile())
	vip := newToken("E2E VIP", 30)
	vip.VIP = &token.VIP{CredentialID: "SYDC12345678"}
	// A 5-second token: boundaries come often, so the checks that wait for
	// one cost little.
	fast := newToken("Fast", 5)
	store := newStore(t, prefs.Prefs{ClearAfter: 2}, &vip, &fast)
	if err := store.Update(func(d *token.Data) error { d.Default = vip.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	watcher := e2e.WatchNotifications(t)
	// "Sync clock" asks this server only: it says the clock is 37 s slow.
	ntp, err := ntptest.Start(37 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer ntp.Close()
	p := startTray(t, store, "OTPTRAY_NTP_SERVERS="+ntp.Addr(), "OTPTRAY_TIME_URL=off")
	t.Logf("start to menu: %v", p.toMenu)

	t.Run("menu shows the current code", func(t *testing.T) {
		// The label must be the one for the instant it is read. A loaded
		// machine may delay a refresh, so a mismatch is read again (and
		// logged) until the deadline, rather than failed at once.
		deadline := time.Now().Add(10 * time.Second)
		for {
			before := time.Now()
			it := p.item(t, prefix("E2E VIP  "))
			after := time.Now()
			var ok bool
			for _, at := range []time.Time{before, after} {
				w, _ := vip.WindowAt(at, 0)
				ok = ok || it.Label == "E2E VIP  "+token.Group(w.Code)+"  · "+strconv.Itoa(w.SecondsLeft)+" s  ★" // the default token, marked
			}
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("label %q does not show the code and countdown of %v..%v", it.Label, before, after)
			}
			t.Logf("label %q is not yet the one for %v; reading again", it.Label, before)
			time.Sleep(100 * time.Millisecond)
		}
		cred := p.item(t, prefix("Copy credential ID"))
		if cred.Label != "Copy credential ID  SYDC 1234 5678" || !cred.Visible {
			t.Errorf("credential ID entry %+v", cred)
		}
	})

	t.Run("first run turns on start at login", func(t *testing.T) {
		b, err := os.ReadFile(autostartFile())
		if err != nil {
			t.Fatalf("autostart entry: %v", err)
		}
		if !strings.Contains(string(b), filepath.Base(p.cmd.Path)) {
			t.Errorf("autostart entry does not run the program:\n%s", b)
		}
		if it := p.item(t, prefix("Start at login")); !it.Checked {
			t.Error("Start at login not ticked")
		}
	})

	t.Run("click copies the code, cleared after the delay", func(t *testing.T) {
		earlyInWindow(t, vip, 5*time.Second)
		from := time.Now()
		it := p.item(t, prefix("E2E VIP  "))
		p.menu.Click(t, it.ID)
		waitClipboard(t, "the code", isCode(t, vip, from), 5*time.Second)
		// clear_after is 2 s in the settings.
		waitClipboard(t, "an empty clipboard", func(s string) bool { return s == "" }, 10*time.Second)
	})

	t.Run("not cleared when the user copied something else", func(t *testing.T) {
		earlyInWindow(t, vip, 5*time.Second)
		from := time.Now()
		p.menu.Click(t, p.item(t, prefix("E2E VIP  ")).ID)
		waitClipboard(t, "the code", isCode(t, vip, from), 5*time.Second)
		e2e.SetClipboard(t, "mine")
		time.Sleep(3 * time.Second)
		if got := e2e.Clipboard(t); got != "mine" {
			t.Errorf("clipboard holds %q, want the user's text left alone", got)
		}
	})

	t.Run("left click on the icon copies the default code", func(t *testing.T) {
		e2e.SetClipboard(t, "before")
		earlyInWindow(t, vip, 5*time.Second)
		from := time.Now()
		p.menu.Activate(t, 10, 10)
		waitClipboard(t, "the default token's code", isCode(t, vip, from), 5*time.Second)
	})

	t.Run("hotkey copies the default code", func(t *testing.T) {
		e2e.SetClipboard(t, "before")
		earlyInWindow(t, vip, 5*time.Second)
		from := time.Now()
		e2e.Key(t, "super+alt+o")
		waitClipboard(t, "the default token's code", isCode(t, vip, from), 5*time.Second)
	})

	t.Run("copy credential ID", func(t *testing.T) {
		p.menu.Click(t, p.item(t, prefix("Copy credential ID")).ID)
		waitClipboard(t, "the credential ID", func(s string) bool { return s == "SYDC12345678" }, 5*time.Second)
	})

	t.Run("codes change at the boundary and the next two are announced", func(t *testing.T) {
		earlyInWindow(t, fast, 3*time.Second)
		w, _ := fast.WindowAt(time.Now(), 0)
		p.menu.Click(t, p.item(t, prefix("Fast  ")).ID)
		waitClipboard(t, "the fast code", func(s string) bool { return s == w.Code }, 3*time.Second)
		boundary := w.Until
		for i := range 3 {
			code := token.Group(codeAt(t, fast, boundary))
			// With the countdown, or without it when the 30-second token
			// changes at the same instant and they share one.
			p.menu.WaitLabel(t, func(l string) bool { return l == "Fast  "+code || strings.HasPrefix(l, "Fast  "+code+"  · ") }, 15*time.Second)
			t.Logf("boundary %d: new code in the menu %v after the boundary", i+1, time.Since(boundary))
			if i < 2 {
				watcher.Wait(t, "New code for Fast: "+code, 10*time.Second)
			} else {
				// The third code after a copy is not announced.
				time.Sleep(1500 * time.Millisecond)
				for _, n := range watcher.All() {
					if strings.Contains(n.Body, code) {
						t.Errorf("third code announced: %+v", n)
					}
				}
			}
			boundary = boundary.Add(5 * time.Second)
		}
	})

	t.Run("second start exits and the first says it runs", func(t *testing.T) {
		cmd := exec.Command(p.cmd.Path)
		cmd.Env = p.cmd.Env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("second otptray: %v\n%s", err, out)
		}
		watcher.Wait(t, "already running", 10*time.Second)
		if n := e2e.TrayIcons(t); n != 1 {
			t.Errorf("%d tray icons on the bus, want 1", n)
		}
	})

	t.Run("token added with the store appears", func(t *testing.T) {
		added := newToken("Added Later", 30)
		start := time.Now()
		if _, err := store.Add(added); err != nil {
			t.Fatal(err)
		}
		saved := time.Now()
		it := p.menu.WaitLabel(t, prefix("Added Later  "), 10*time.Second)
		t.Logf("new token saved in %v, in the menu %v later", saved.Sub(start), time.Since(saved))
		if !isCode(t, added, start)(strings.Fields(it.Label)[2] + strings.Fields(it.Label)[3]) {
			t.Errorf("label %q does not show the new token's code", it.Label)
		}
	})

	t.Run("settings: hide credential ID", func(t *testing.T) {
		p.menu.Click(t, p.item(t, prefix("Show credential ID")).ID)
		deadline := time.Now().Add(5 * time.Second)
		for {
			root := p.menu.Layout(t)
			if _, shown := root.Find(func(it e2e.Item) bool { return strings.HasPrefix(it.Label, "Copy credential ID") && it.Visible }); !shown {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("credential ID still shown: %s", root)
			}
			time.Sleep(50 * time.Millisecond)
		}
		d, err := store.Load()
		if err != nil {
			t.Fatal(err)
		}
		if p, err := prefs.Of(d.Settings); err != nil || !p.HideCredentialID {
			t.Errorf("setting not saved: %v %+v", err, p)
		}
	})

	t.Run("settings: start at login off removes the entry", func(t *testing.T) {
		p.menu.Click(t, p.item(t, prefix("Start at login")).ID)
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, err := os.Stat(autostartFile())
			if errors.Is(err, os.ErrNotExist) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("autostart entry still there: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("sync clock corrects the codes", func(t *testing.T) {
		p.menu.Click(t, p.item(t, prefix("Sync clock")).ID)
		watcher.Wait(t, " s slow (compared with ntp:"+ntp.Addr()+")", 20*time.Second)
		d, err := store.Load()
		if err != nil {
			t.Fatal(err)
		}
		off := d.Offset()
		if off < 36*time.Second || off > 38*time.Second {
			t.Fatalf("stored offset %v, want about 37 s", off)
		}
		code := func(at time.Time) string {
			w, err := vip.WindowAt(at, off)
			if err != nil {
				t.Fatal(err)
			}
			return token.Group(w.Code)
		}
		before := time.Now()
		deadline := before.Add(5 * time.Second)
		for {
			label := p.item(t, prefix("E2E VIP  ")).Label
			if strings.HasPrefix(label, "E2E VIP  "+code(before)) || strings.HasPrefix(label, "E2E VIP  "+code(time.Now())) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("label %q does not show the code for true time (local + %v)", label, off)
			}
			time.Sleep(50 * time.Millisecond)
			before = time.Now()
		}
	})

	t.Run("language switches live", func(t *testing.T) {
		// The entries are relabelled one at a time, in menu order: the
		// switch is complete when the last one, Quit, has its new label.
		p.menu.Click(t, p.item(t, func(l string) bool { return l == "日本語" }).ID)
		root := p.menu.WaitMenu(t, lastLabel("終了"), 20*time.Second)
		if _, ok := root.Find(func(it e2e.Item) bool { return it.Label == "設定" }); !ok {
			t.Errorf("no Settings entry in Japanese: %s", root)
		}
		if it := p.item(t, prefix("E2E VIP  ")); !strings.HasPrefix(it.Label, "E2E VIP  ") {
			t.Errorf("token label %q", it.Label)
		}
		p.menu.Click(t, p.item(t, func(l string) bool { return l == "English" }).ID)
		root = p.menu.WaitMenu(t, lastLabel("Quit"), 20*time.Second)
		if _, ok := root.Find(func(it e2e.Item) bool { return it.Label == "Settings" }); !ok {
			t.Errorf("no Settings entry in English: %s", root)
		}
	})

	t.Run("quit", func(t *testing.T) { p.quit(t) })
}

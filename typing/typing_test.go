package typing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
)

// fakeKeyboard is a keyboard whose modifiers are held until a fake
// instant, and which records what it typed and when.
type fakeKeyboard struct {
	clock     *fakeClock
	heldMods  Modifiers
	releaseAt time.Time // the user lets go of heldMods then
	readErr   error
	keyDownAt time.Time // a key is down from then on, when not zero
	keyUpAt   time.Time // and up again from then on, when not zero
	keysErr   error     // what anyDown returns, when not nil
	keyLooks  int
	typed     []string
	typedAt   []time.Time
}

func (f *fakeKeyboard) held() (Modifiers, error) {
	if f.readErr != nil {
		return 0, f.readErr
	}
	if f.clock.t.Before(f.releaseAt) {
		return f.heldMods, nil
	}
	return 0, nil
}

func (f *fakeKeyboard) typeText(s string) error {
	f.typed = append(f.typed, s)
	f.typedAt = append(f.typedAt, f.clock.t)
	return nil
}

func (f *fakeKeyboard) press(k Key) error {
	return f.typeText(map[Key]string{KeyTab: "{tab}", KeyEnter: "{enter}"}[k])
}

func (f *fakeKeyboard) anyDown() (bool, error) {
	f.keyLooks++
	if f.keysErr != nil {
		return false, f.keysErr
	}
	return !f.keyDownAt.IsZero() && !f.clock.t.Before(f.keyDownAt) &&
		(f.keyUpAt.IsZero() || f.clock.t.Before(f.keyUpAt)), nil
}

func (f *fakeKeyboard) close() error { return nil }

type fakeClock struct {
	t      time.Time
	sleeps int
}

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) sleep(d time.Duration) {
	c.sleeps++
	c.t = c.t.Add(d)
}

var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newFake(held Modifiers, heldFor time.Duration) (*Keyboard, *fakeKeyboard, *fakeClock) {
	c := &fakeClock{t: start}
	f := &fakeKeyboard{clock: c, heldMods: held, releaseAt: start.Add(heldFor)}
	return &Keyboard{kb: f, now: c.now, sleep: c.sleep}, f, c
}

func TestTypeWaitsForReleasedModifiers(t *testing.T) {
	tests := []struct {
		name    string
		held    Modifiers
		heldFor time.Duration
	}{
		{"nothing held", 0, 0},
		{"released at once", ModSuper | ModAlt, 0},
		{"Super+Alt for 300 ms", ModSuper | ModAlt, 300 * time.Millisecond},
		{"Ctrl+Shift for 999 ms", ModCtrl | ModShift, 999 * time.Millisecond},
		{"Alt until the last look", ModAlt, releaseTimeout},
	}
	for _, tt := range tests {
		kb, f, c := newFake(tt.held, tt.heldFor)
		if err := kb.Type("123456"); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if err := kb.Press(KeyEnter); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if got := strings.Join(f.typed, ""); got != "123456{enter}" {
			t.Errorf("%s: typed %q", tt.name, got)
		}
		if len(f.typedAt) > 0 && f.typedAt[0].Before(f.releaseAt) {
			t.Errorf("%s: typed at %v, before the keys were let go at %v", tt.name, f.typedAt[0].Sub(start), tt.heldFor)
		}
		// It looks often enough that typing follows the release closely.
		if late := f.typedAt[0].Sub(start) - tt.heldFor; tt.held != 0 && late > releasePoll {
			t.Errorf("%s: typed %v after the release", tt.name, late)
		}
		if tt.held == 0 && c.sleeps != 0 {
			t.Errorf("%s: slept %d times with nothing held", tt.name, c.sleeps)
		}
	}
}

// TestTypeWaitsForTheHotkeysKey: after the modifiers, the hotkey's own key
// (or any other) is waited out too, as the X server sends what is typed
// while it is down to the program that grabbed the hotkey.
func TestTypeWaitsForTheHotkeysKey(t *testing.T) {
	kb, f, _ := newFake(ModSuper|ModAlt, 20*time.Millisecond)
	f.keyDownAt, f.keyUpAt = start, start.Add(60*time.Millisecond)
	if err := kb.Type("123456"); err != nil {
		t.Fatal(err)
	}
	if len(f.typedAt) != 1 || f.typedAt[0].Before(f.keyUpAt) {
		t.Fatalf("typed at %v, before the key was let go at 60ms", f.typedAt)
	}
	if late := f.typedAt[0].Sub(f.keyUpAt); late > releasePoll {
		t.Errorf("typed %v after the key was let go", late)
	}

	// Held past the timeout: nothing typed, and the message says why.
	kb, f, c := newFake(0, 0)
	f.keyDownAt = start
	err := kb.Type("123456")
	if got := i18n.English().Err(err); got != "a key was still held after a second, so nothing was typed: let go of the keys after the hotkey" {
		t.Errorf("a key held: %q", got)
	}
	if len(f.typed) != 0 || c.t.Sub(start) < releaseTimeout {
		t.Errorf("a key held: typed %q after %v", f.typed, c.t.Sub(start))
	}

	// Where the keys cannot be read, the modifiers alone are waited for.
	kb, f, _ = newFake(ModAlt, 30*time.Millisecond)
	f.keysErr = errNoKeyState
	if err := kb.Type("1"); err != nil || len(f.typed) != 1 {
		t.Errorf("no key state: %v, typed %q", err, f.typed)
	}
}

func TestTypeRefusesHeldModifiers(t *testing.T) {
	tests := []struct {
		held Modifiers
		want string
	}{
		{ModSuper | ModAlt, "Super+Alt was still held after a second, so nothing was typed: let go of the keys after the hotkey"},
		{ModShift | ModCtrl, "Ctrl+Shift was still held after a second, so nothing was typed: let go of the keys after the hotkey"},
	}
	for _, tt := range tests {
		kb, f, c := newFake(tt.held, releaseTimeout+releasePoll)
		err := kb.Type("123456")
		if err == nil {
			t.Errorf("%v held: no error", tt.held)
			continue
		}
		if got := i18n.English().Err(err); got != tt.want {
			t.Errorf("%v held: %q, want %q", tt.held, got, tt.want)
		}
		if len(f.typed) != 0 {
			t.Errorf("%v held: typed %q", tt.held, f.typed)
		}
		if waited := c.t.Sub(start); waited < releaseTimeout || waited > releaseTimeout+releasePoll {
			t.Errorf("%v held: gave up after %v, want %v", tt.held, waited, releaseTimeout)
		}
	}
}

func TestTypeReadError(t *testing.T) {
	kb, f, _ := newFake(0, 0)
	f.readErr = errors.New("connection lost")
	err := kb.Press(KeyTab)
	if got, want := i18n.English().Err(err), "could not read which keys are held: connection lost"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(f.typed) != 0 {
		t.Errorf("typed %q", f.typed)
	}
}

func TestModifiersString(t *testing.T) {
	for m, want := range map[Modifiers]string{
		0: "", ModShift: "Shift", ModSuper | ModAlt: "Super+Alt", ModShift | ModCtrl | ModAlt | ModSuper: "Super+Ctrl+Alt+Shift",
	} {
		if got := m.String(); got != want {
			t.Errorf("%d: %q, want %q", m, got, want)
		}
	}
}

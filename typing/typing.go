// Package typing types text and the Tab and Enter keys into the window that
// has the keyboard focus, as if the user typed them: the code of a token, or
// the fields of a form (see package template for what is typed).
//
// It first waits until the user has let go of Win/Super, Alt, Ctrl and
// Shift, so that the hotkey that asked for the typing is not still held
// while the characters arrive (a held Alt turns "1" into Alt+1).
//
// The OS calls sit behind one small interface, keyboard, that each
// system's file implements with one constructor:
//
//	func newKeyboard() (keyboard, error)
//
// keyboard_other.go is X11 through the XTEST extension (Linux and the
// BSDs), keyboard_windows.go SendInput with KEYEVENTF_UNICODE, and
// keyboard_darwin.go Quartz events with unicode strings. A system without
// a way to type returns an error from newKeyboard that says so.
package typing

import (
	"errors"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// Modifiers is a set of modifier keys.
type Modifiers uint8

const (
	ModShift Modifiers = 1 << iota
	ModCtrl
	ModAlt
	ModSuper // the Windows key; Command on macOS
)

// String names the keys of m for a message: "Super+Alt".
func (m Modifiers) String() string {
	var names []string
	for _, k := range []struct {
		mod  Modifiers
		name string
	}{{ModSuper, "Super"}, {ModCtrl, "Ctrl"}, {ModAlt, "Alt"}, {ModShift, "Shift"}} {
		if m&k.mod != 0 {
			names = append(names, k.name)
		}
	}
	return strings.Join(names, "+")
}

// Key is a key typed by its function, not by a character.
type Key int

const (
	KeyTab Key = iota + 1
	KeyEnter
)

// keyboard is what each system provides. Its methods are called from one
// goroutine at a time.
type keyboard interface {
	// held reports which modifier keys are down now, whether the user
	// holds them or a program pressed them.
	held() (Modifiers, error)
	// typeText types s, character by character, into the focused window,
	// independently of the keyboard layout: "1" arrives as "1" on AZERTY
	// too. No modifier is held when it is called.
	typeText(s string) error
	// press presses and releases k.
	press(k Key) error
	// anyDown reports whether any key of the keyboard is down now (mouse
	// buttons are not keys), so a wait can end when the user types;
	// errNoKeyState where the system cannot tell.
	anyDown() (bool, error)
	// close lets go of what the keyboard holds (a display connection).
	close() error
}

// How long Type and Press wait for the user to let go of the modifiers,
// and how often they look.
const (
	releaseTimeout = time.Second
	releasePoll    = 10 * time.Millisecond
)

// Keyboard types into the focused window.
type Keyboard struct {
	kb    keyboard
	now   func() time.Time
	sleep func(time.Duration)
	// noKeyState is set once anyDown has said the system cannot tell.
	noKeyState bool
}

// New opens the system's keyboard.
func New() (*Keyboard, error) {
	kb, err := newKeyboard()
	if err != nil {
		return nil, msg.New("typing.open", err)
	}
	return &Keyboard{kb: kb, now: time.Now, sleep: time.Sleep}, nil
}

// Type types text into the focused window, once no modifier key is held.
func (k *Keyboard) Type(text string) error {
	if err := k.waitReleased(); err != nil {
		return err
	}
	if err := k.kb.typeText(text); err != nil {
		return msg.New("typing.type", err)
	}
	return nil
}

// Press types k (Tab or Enter) into the focused window, once no modifier
// key is held.
func (k *Keyboard) Press(key Key) error {
	if err := k.waitReleased(); err != nil {
		return err
	}
	if err := k.kb.press(key); err != nil {
		return msg.New("typing.type", err)
	}
	return nil
}

// Close closes the keyboard.
func (k *Keyboard) Close() error { return k.kb.close() }

// waitReleased polls the keys until none is held, for up to
// releaseTimeout; if the user still holds one then, nothing is typed and
// the error names the modifiers held. Not only the modifiers: on X11 the
// hotkey's own key keeps the keyboard grabbed by the program that grabbed
// the hotkey until it is let go, and what is typed meanwhile goes to that
// program instead of the focused window.
func (k *Keyboard) waitReleased() error {
	deadline := k.now().Add(releaseTimeout)
	for {
		held, err := k.kb.held()
		if err != nil {
			return msg.New("typing.modifiers.read", err)
		}
		down := false
		if held == 0 && !k.noKeyState {
			down, err = k.kb.anyDown()
			switch {
			case errors.Is(err, errNoKeyState):
				k.noKeyState, down = true, false
			case err != nil:
				return msg.New("typing.modifiers.read", err)
			}
		}
		if held == 0 && !down {
			return nil
		}
		if !k.now().Before(deadline) {
			if held != 0 {
				return msg.New("typing.modifiers.held", nil, "Keys", held.String())
			}
			return msg.New("typing.keys.held", nil)
		}
		k.sleep(releasePoll)
	}
}

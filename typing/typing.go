// Package typing types a one-time code into the window that has focus, as
// if the user typed it, with one keyboard seam per system.
package typing

// Special is a key that stands for no character of its own: it is sent as
// that key, not as text, so the focused program sees a real Tab or Enter.
type Special int

const (
	Tab Special = iota + 1
	Enter
)

// keyboard is the per-OS seam that types. newKeyboard, in the per-OS
// files, makes the one of this system.
type keyboard interface {
	// Type types text into the focused window, layout-independently.
	Type(text string) error
	// Key presses and releases one special key.
	Key(k Special) error
	// HeldModifiers says whether any of Win (Super), Alt, Ctrl or Shift is
	// held down now.
	HeldModifiers() (bool, error)
}

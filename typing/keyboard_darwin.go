package typing

import "errors"

// newKeyboard: typing through CGEvent is not built on macOS yet.
func newKeyboard() (keyboard, error) {
	return nil, errors.New("typing is not built for macOS yet")
}

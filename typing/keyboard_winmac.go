//go:build windows || darwin

package typing

import "errors"

// newKeyboard is not built for this system in this package yet.
func newKeyboard() (keyboard, error) {
	return nil, errors.New("typing is not built for this system")
}

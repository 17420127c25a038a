//go:build !windows && !darwin

package typing

import "errors"

func newKeyboard() (keyboard, error) { return nil, errors.New("X11 keyboard: in progress") }

//go:build !windows

package desktop

import "os"

// Exit ends the tray program with the status code. Elsewhere than on
// Windows it is os.Exit.
func Exit(code int) { os.Exit(code) }

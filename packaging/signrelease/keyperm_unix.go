//go:build unix

package main

import (
	"fmt"
	"io/fs"
)

// checkPrivate refuses a key file that its group or other users may read
// or write: the release key signs what every otptray installs.
func checkPrivate(path string, fi fs.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s: %s is open to other users (mode %04o): only its owner may read it; run chmod 600 %s", keyEnv, path, perm, path)
	}
	return nil
}

//go:build !unix

package main

import (
	"fmt"
	"io/fs"
)

// checkPrivate refuses to sign here: on Windows the file mode says nothing
// of who may read a file (its ACL does), so the key's privacy cannot be
// checked. Releases are signed on Linux or macOS.
func checkPrivate(path string, _ fs.FileInfo) error {
	return fmt.Errorf("%s: the permissions of %s cannot be checked on this system; sign releases on Linux or macOS", keyEnv, path)
}

//go:build !windows

package token

import "os"

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

// replaceFile renames tmp over path, atomically.
func replaceFile(tmp, path string) error { return os.Rename(tmp, path) }

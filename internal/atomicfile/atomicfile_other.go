//go:build !windows

package atomicfile

import "os"

// replace renames tmp over path, atomically.
func replace(tmp, path string) error { return os.Rename(tmp, path) }

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

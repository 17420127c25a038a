// Package atomicfile replaces a file's content so that a crash or a power
// cut at any moment leaves either the old content or the new, never a torn
// file: the data goes to a temporary file in the same folder, is synced to
// disk, renamed over the target, and the rename is synced with the folder.
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// tempInfix follows the target's name in its temporary files'
// (".NAME.tmp-RANDOM"), so Temps can find those of one target only.
const tempInfix = ".tmp-"

// Write replaces path with data, with permission bits perm (Windows keeps
// only the read-only bit). The folder must exist. On failure the target is
// as it was (or still absent) and no temporary file is left behind; only a
// process that dies mid-write leaves one, which Temps finds.
func Write(path string, data []byte, perm os.FileMode) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+name+tempInfix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) && runtime.GOOS != "windows" {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := replace(tmp, path); err != nil {
		return err
	}
	ok = true
	syncDir(dir)
	return nil
}

// Temps lists the temporary files that writers of path left when they died
// mid-write. Only a caller that knows no writer of path is running (one that
// holds the lock all writers take) may remove them.
func Temps(path string) []string {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var temps []string
	prefix := "." + name + tempInfix
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			temps = append(temps, filepath.Join(dir, e.Name()))
		}
	}
	return temps
}

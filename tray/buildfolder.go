package tray

import (
	"os"
	"path/filepath"
)

// inSourceTree says whether the program at exe sits in a Go source tree (a
// go.mod in its folder or one above): a build (make's bin/, go build's
// output), not an installed copy. It leaves start at login as it is, since
// the entry would point into a folder that is rebuilt, moved or deleted,
// and its start is not the first run: the installed copy's first start
// turns start at login on. The user can still turn it on in Settings.
// `make install`, go install, the packages and the Windows installer put
// the program outside any source tree.
func inSourceTree(exe string) bool {
	dir := filepath.Dir(exe)
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// runningFromSourceTree is inSourceTree for this program; a path that
// cannot be found counts as installed, as before this rule.
func runningFromSourceTree() bool {
	exe, err := os.Executable()
	return err == nil && inSourceTree(exe)
}

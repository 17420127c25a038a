package install

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// downloadPrefix begins the name of each download's folder.
const downloadPrefix = "otptray-update-"

// staleAfter is when a download's folder is surely no longer in use: the
// installer it was handed to has long finished.
const staleAfter = 24 * time.Hour

// removeStale deletes the folders of earlier downloads in dir (the MSI that
// msiexec ran from stays until then) last changed before now-staleAfter.
func removeStale(dir string, now time.Time) {
	if dir == "" {
		dir = os.TempDir()
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), downloadPrefix) {
			continue
		}
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

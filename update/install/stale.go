package install

import (
	"errors"
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
		removeDownload(filepath.Join(dir, e.Name()))
	}
}

// removeDownload deletes a download's folder, which holds files only. Each
// is removed by name, not with os.RemoveAll: under Wine 8 Go's RemoveAll
// fails, as it asks NtSetInformationFile for FileDispositionInformationEx,
// which Wine 8 does not implement (not reported upstream as far as we know).
func removeDownload(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	var errs []error
	for _, e := range entries {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	if err := os.Remove(dir); err != nil && !os.IsNotExist(err) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

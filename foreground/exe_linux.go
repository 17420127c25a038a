package foreground

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// programOfPID is the base name of process pid's executable, from
// /proc/<pid>/exe; not ok when the process is gone or another user's.
func programOfPID(pid int) (string, bool) {
	if pid <= 0 {
		return "", false
	}
	exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	if err != nil {
		return "", false
	}
	// An executable replaced since it started (an update) reads "name (deleted)".
	return filepath.Base(strings.TrimSuffix(exe, " (deleted)")), true
}

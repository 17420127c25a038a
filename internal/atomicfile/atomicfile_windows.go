package atomicfile

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// errSharingViolation is ERROR_SHARING_VIOLATION, which syscall lacks.
const errSharingViolation syscall.Errno = 32

// replaceWait is how long replace keeps trying while a reader has the
// target open.
const replaceWait = 2 * time.Second

// replace renames tmp over path. Go opens files without FILE_SHARE_DELETE
// (golang/go#32088, declined), so while another process reads path (the tray reloading
// the tokens file, a second instance reading the instance file) MoveFileEx
// is refused with a sharing violation or "access denied"; such a read lasts
// milliseconds, so try again for a while before giving up.
func replace(tmp, path string) error {
	deadline := time.Now().Add(replaceWait)
	for {
		err := os.Rename(tmp, path)
		if err == nil || time.Now().After(deadline) ||
			!(errors.Is(err, syscall.ERROR_ACCESS_DENIED) || errors.Is(err, errSharingViolation)) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncDir does nothing on Windows: a folder cannot be opened for fsync, and
// NTFS journals the rename that MoveFileEx makes.
func syncDir(string) {}

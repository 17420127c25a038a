package token

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// syncDir is a no-op on Windows: directories cannot be opened for fsync, and
// MoveFileEx, which os.Rename uses, is durable enough for NTFS.
func syncDir(string) {}

// errSharingViolation is ERROR_SHARING_VIOLATION, which syscall lacks.
const errSharingViolation syscall.Errno = 32

// replaceFile renames tmp over path. Go opens files without
// FILE_SHARE_DELETE, so while another process (the tray reloading) has path
// open, the rename is refused; such a read lasts milliseconds, so retry a
// little before giving up.
func replaceFile(tmp, path string) error {
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := os.Rename(tmp, path)
		if err == nil || time.Now().After(deadline) ||
			!(errors.Is(err, syscall.ERROR_ACCESS_DENIED) || errors.Is(err, errSharingViolation)) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

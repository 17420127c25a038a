//go:build unix

package token

import (
	"io/fs"
	"syscall"
)

// fileID is the inode of the file behind fi. Every save renames a new file
// into place, so the inode tells two saves apart even when they have the same
// size within one tick of the file system's clock (a few milliseconds on
// Linux).
func fileID(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}

package token

// syncDir is a no-op on Windows: directories cannot be opened for fsync, and
// MoveFileEx, which os.Rename uses, is durable enough for NTFS.
func syncDir(string) {}

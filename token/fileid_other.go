//go:build !unix

package token

import "io/fs"

// fileID is 0 where os.Stat does not give a file identity cheaply (Windows:
// NTFS times have 100 ns steps, which tell saves apart well enough).
func fileID(fs.FileInfo) uint64 { return 0 }

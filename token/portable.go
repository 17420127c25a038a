package token

import (
	"os"
	"path/filepath"
)

// PortableMarker is the file that makes a copy of otptray portable: with a
// file of this name beside the program (as in the portable .zip), the tokens
// file and settings live beside the program, in PortableDataDir, instead of
// the user's config folder, so the copy can move between machines on a USB
// stick. The secrets stay in the OS keyring of each machine.
const PortableMarker = "portable"

// PortableDataDir is the folder of a portable copy's data, beside the program.
const PortableDataDir = "data"

// PortableDir reports whether the running program is a portable copy and, if
// so, the folder for its data.
func PortableDir() (string, bool) {
	exe, err := os.Executable()
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return portableDir(filepath.Dir(exe))
}

// portableDir is PortableDir for a program in exeDir.
func portableDir(exeDir string) (string, bool) {
	fi, err := os.Stat(filepath.Join(exeDir, PortableMarker))
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return filepath.Join(exeDir, PortableDataDir), true
}

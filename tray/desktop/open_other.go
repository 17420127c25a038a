//go:build !windows && !darwin

package desktop

import (
	"io/fs"
	"os/exec"
)

// open hands target (a URL or an absolute path) to xdg-open, which asks the
// desktop for the program to use.
func open(target string) error {
	return runOpener(exec.Command("xdg-open", target), xdgOpenStatus)
}

// xdgOpenStatus is what xdg-open's exit status means, from xdg-open(1) of
// xdg-utils: 2, a file named does not exist; 3, a required tool could not
// be found, which is what it says where no browser or file manager is set.
func xdgOpenStatus(code int) error {
	switch code {
	case 2:
		return fs.ErrNotExist
	case 3:
		return errNoProgram
	}
	return nil
}

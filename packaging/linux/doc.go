// Package linux tests installing otptray for everyday use on Linux and the
// other XDG desktops: `make install` and `make uninstall` (linux.mk) into a
// throwaway home, and what `make run` says without a desktop. The tool they run to write the desktop files is
// ./desktopfiles.
package linux

//go:build !windows && !darwin

// Command desktopfiles writes and tidies the XDG desktop files of an
// installed otptray for `make install` and `make uninstall`
// (packaging/linux/linux.mk), with the same code the tray uses for its
// autostart entry:
//
//	desktopfiles launcher EXE    print the applications-menu entry for EXE
//	desktopfiles installed EXE   point an autostart entry that is on at EXE
//	desktopfiles removed EXE     remove the autostart entry if it runs EXE
package main

import (
	"fmt"
	"os"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/tray/desktop"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "desktopfiles: "+i18n.New("").T("install.tool.usage"))
		os.Exit(2)
	}
	exe := os.Args[2]
	var err error
	switch os.Args[1] {
	case "launcher":
		var entry string
		if entry, err = desktop.LauncherEntry(exe); err == nil {
			_, err = os.Stdout.WriteString(entry)
		}
	case "installed":
		err = installed(exe)
	case "removed":
		err = removed(exe)
	default:
		fmt.Fprintln(os.Stderr, "desktopfiles: "+i18n.New("").T("install.tool.usage"))
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "desktopfiles: "+i18n.New("").Err(err))
		os.Exit(1)
	}
}

// installed points the autostart entry at the copy just installed, when
// start at login is on: an entry written by a run from the build folder
// would otherwise keep starting that build.
func installed(exe string) error {
	on, err := desktop.AutostartEnabled()
	if err != nil || !on {
		return err
	}
	return desktop.EnableAutostart(exe)
}

// removed takes away the autostart entry of the copy just removed, which
// would start nothing at the next login.
func removed(exe string) error {
	runs, err := desktop.AutostartRuns(exe)
	if err != nil || !runs {
		return err
	}
	return desktop.DisableAutostart()
}

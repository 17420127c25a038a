package main

import (
	"fmt"
	"os"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
)

// quitWait bounds how long otptray --quit waits for the running tray to end;
// the tray's own clean-up takes a few seconds at most (tray.stopWait).
const quitWait = 10 * time.Second

// quit asks the running otptray to quit and waits until it has ended, so
// that its files may be replaced: the Windows installer runs it before an
// upgrade or an uninstall. Exit status 0 whether or not one was running.
func quit(loc *i18n.Localizer) int {
	dir, err := token.DefaultDir()
	if err == nil {
		var running bool
		running, err = desktop.AskToQuit(dir, quitWait)
		if err == nil {
			if running {
				fmt.Println(loc.T("msi.quit.done"))
			} else {
				fmt.Println(loc.T("msi.quit.not_running"))
			}
			return 0
		}
	}
	fmt.Fprintln(os.Stderr, "otptray: "+loc.Err(err))
	return 1
}

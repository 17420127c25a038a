// Command otptray is the tray program: one-time passwords in the
// notification area, copied by a click or a hotkey.
package main

import (
	"fmt"
	"os"
	"runtime"

	// First: it stops the program with a clear message when there is no
	// desktop session, before the hotkey library's init panics for want of
	// an X display.
	_ "github.com/otptray/otptray/cmd/otptray/internal/display/check"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/desktop/hotkey"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if os.Getenv("GOMAXPROCS") == "" {
		// The tray wakes once a second for a few hundred microseconds of
		// work. With one P the runtime wakes and spins no extra threads
		// on each tick: measured 15-20 % less idle CPU on a 2-core machine.
		runtime.GOMAXPROCS(1)
	}
	err := tray.Run(tray.Options{Version: version, RegisterHotkey: hotkey.Register})
	if err != nil {
		msg := i18n.New(language()).Err(err)
		fmt.Fprintln(os.Stderr, "otptray: "+msg)
		// On Windows the program has no console: the notification is the
		// only place the user sees why it stopped.
		desktop.Notify(desktop.AppName, msg)
		desktop.Exit(1)
	}
	// Not a plain return: on Windows a notification shown earlier can
	// make the runtime's own exit crash (see desktop.Exit).
	desktop.Exit(0)
}

// language is the user's choice from the settings, if they can be read.
func language() string {
	dir, err := token.DefaultDir()
	if err != nil {
		return ""
	}
	d, err := token.Open(dir, nil).Load()
	if err != nil {
		return ""
	}
	return d.Settings.Language
}

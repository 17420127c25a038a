// Command otptray is the tray program: one-time passwords in the
// notification area, copied by a click or a hotkey.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/desktop/hotkey"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	loc := i18n.New(language())
	if len(os.Args) > 1 {
		os.Exit(answer(loc, os.Args[1:]))
	}
	if err := desktop.CheckDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "otptray: "+loc.Err(err))
		os.Exit(1)
	}
	if os.Getenv("GOMAXPROCS") == "" {
		// The tray wakes once a second for a few hundred microseconds of
		// work. With one P the runtime wakes and spins no extra threads
		// on each tick: measured 15-20 % less idle CPU on a 2-core machine.
		runtime.GOMAXPROCS(1)
	}
	err := tray.Run(tray.Options{Version: version, RegisterHotkey: hotkey.Register})
	if err != nil {
		msg := loc.Err(err)
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

// answer answers the command line, which the tray itself never gets:
// --help or --version (exit status 0), --quit (see quit), the otptray: URL
// of a toast's button (see pressButton); anything else is a usage error
// (2). It needs no desktop.
func answer(loc *i18n.Localizer, args []string) int {
	if len(args) == 1 && args[0] == "--quit" {
		return quit(loc)
	}
	if len(args) == 1 && desktop.IsToastURL(args[0]) {
		return pressButton(loc, args[0])
	}
	show := map[string]func(){
		"help":    func() { fmt.Println(loc.T("traycmd.usage")) },
		"version": func() { fmt.Println("otptray " + version) },
	}
	for _, alias := range []string{"-h", "-help", "--help"} {
		show[alias] = show["help"]
	}
	for _, alias := range []string{"-v", "-version", "--version"} {
		show[alias] = show["version"]
	}
	if f := show[args[0]]; f != nil && len(args) == 1 {
		f()
		return 0
	}
	bad := args[0]
	if show[bad] != nil || bad == "--quit" {
		bad = args[1] // one is enough
	}
	fmt.Fprintln(os.Stderr, "otptray: "+loc.T("traycmd.bad_arg", "Arg", bad))
	return 2
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

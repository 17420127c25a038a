// Command hotkeyprobe registers global hotkeys for the end-to-end tests of
// tray/desktop/hotkey, as a program of its own, so that the tests can run
// two programs that compete for one combination, as otptray and another
// application would.
//
//	hotkeyprobe COMBINATION...
//
// For each combination it prints "registered COMBINATION" or "error
// COMBINATION: MESSAGE", then "ready"; then "pressed COMBINATION" on each
// press. A line "unregister COMBINATION" on stdin releases one; the probe
// exits when stdin closes.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/desktop/hotkey"
)

func main() {
	if err := desktop.CheckDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "hotkeyprobe:", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	unregister := map[string]func(){}
	for _, arg := range os.Args[1:] {
		h, err := desktop.ParseHotkey(arg)
		if err != nil {
			say("error %s: %s", arg, i18n.English().Err(err))
			continue
		}
		name := h.String()
		un, err := hotkey.Register(h, func() { say("pressed %s", name) })
		if err != nil {
			say("error %s: %s", name, i18n.English().Err(err))
			continue
		}
		unregister[name] = un
		say("registered %s", name)
	}
	say("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if name, ok := strings.CutPrefix(in.Text(), "unregister "); ok {
			if un := unregister[name]; un != nil {
				un()
				delete(unregister, name)
			}
			say("unregistered %s", name)
		}
	}
	for _, un := range unregister {
		un()
	}
}

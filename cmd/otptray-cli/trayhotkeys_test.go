package main

import (
	"os"
	"path/filepath"

	"github.com/gofrs/flock"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/token"
)

// cmdTrayLock holds the running tray's lock on the script's data folder
// until the script ends, as a running tray does: `traylock`.
func cmdTrayLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: traylock")
	}
	lock := flock.New(filepath.Join(ts.Getenv("OTPTRAY_CONFIG_DIR"), running.LockFile))
	ok, err := lock.TryLock()
	ts.Check(err)
	if !ok {
		ts.Fatalf("the tray's lock is held already")
	}
	ts.Defer(func() { lock.Unlock() })
}

// cmdTokenID sets the environment variable VAR to the ID of the token
// named NAME in the script's tokens file: `tokenid NAME VAR`.
func cmdTokenID(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: tokenid NAME VAR")
	}
	d, err := token.Open(ts.Getenv("OTPTRAY_CONFIG_DIR"), nil).Load()
	ts.Check(err)
	for _, t := range d.Tokens {
		if t.Name == args[0] {
			ts.Setenv(args[1], t.ID)
			return
		}
	}
	ts.Fatalf("no token %q", args[0])
}

// cmdExpand writes file IN to OUT with the script's environment variables
// ($NAME) filled in: `expand IN OUT`.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand IN OUT")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(os.Expand(string(b), ts.Getenv)), 0o600))
}

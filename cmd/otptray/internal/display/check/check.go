//go:build !windows && !darwin

package check

// Import this package for its side effect, before anything that needs a
// display. Go initialises packages in import-path order, each once its
// imports are: this package's path sorts before golang.design/x/hotkey, and
// so do those of all it imports that hotkey does not import itself (our
// own packages, and "bytes" and "embed"), so all of them are initialised
// before hotkey is. A test in package display checks that rule.

import (
	"fmt"
	"os"

	"github.com/otptray/otptray/cmd/otptray/internal/display"
)

func init() {
	if display.Missing(os.Getenv) {
		fmt.Fprintln(os.Stderr, "otptray: "+display.Message(display.Lang(os.Getenv)))
		os.Exit(1)
	}
}

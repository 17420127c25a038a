//go:build !windows && !darwin

package check

// Import this package for its side effect, before anything that needs a
// display: its import path sorts before golang.design/x/hotkey and it
// imports nothing hotkey does not, so Go initialises it first (packages
// are initialised in import-path order, each once its imports are).

import (
	"fmt"
	"os"

	"github.com/otptray/otptray/cmd/otptray/internal/display"
)

func init() {
	if display.Missing(os.Getenv) {
		fmt.Fprintln(os.Stderr, "otptray: "+display.Messages[display.Lang(os.Getenv)])
		os.Exit(1)
	}
}

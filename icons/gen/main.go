// Command gen draws the otptray icons into the current directory (or -dir).
// It is run by `go generate ./icons`; the output is committed and embedded.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/otptray/otptray/icons/internal/render"
)

func main() {
	dir := flag.String("dir", ".", "directory to write the icon files into")
	flag.Parse()
	if err := render.Write(*dir); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

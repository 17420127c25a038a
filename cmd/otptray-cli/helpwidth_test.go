package main

import (
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
)

// TestHelpFitsTerminal: every line of the help, the list of commands and
// each command's usage and short usage, fits an 80-column terminal, in
// every language.
func TestHelpFitsTerminal(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		pages := [][]string{{"help"}, {"code", "--bogus"}, {"nosuchcommand"}}
		for _, n := range commandNames() {
			pages = append(pages, []string{"help", n})
		}
		for _, args := range pages {
			h := newHarness(t)
			h.env["OTPTRAY_LANG"] = lang
			r := h.run("", args...)
			out := r.stdout + r.stderr
			if out == "" {
				t.Fatalf("%s %v: no output", lang, args)
			}
			for _, line := range strings.Split(out, "\n") {
				if w := token.Columns(line); w > 80 {
					t.Errorf("%s %v: a line of %d columns:\n%s", lang, args, w, line)
				}
			}
		}
	}
}

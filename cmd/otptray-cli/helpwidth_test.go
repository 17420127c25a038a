package main

import (
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "code": 4, "使い方": 6, "（既定は 6）": 12, "ｱ": 1} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

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
				if w := displayWidth(line); w > 80 {
					t.Errorf("%s %v: a line of %d columns:\n%s", lang, args, w, line)
				}
			}
		}
	}
}

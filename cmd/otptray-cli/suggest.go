package main

import (
	"errors"

	"github.com/agnivade/levenshtein"

	"github.com/otptray/otptray/internal/msg"
)

// unknownCommand is the error for a command name that is not one,
// suggesting the nearest command when it is close enough to be a typo.
func unknownCommand(name string) error {
	if s, ok := nearestCommand(name); ok {
		return msg.New("polishcli.unknown_command.suggest", nil, "Name", name, "Suggestion", s)
	}
	return msg.New("cli.unknown_command", nil, "Name", name)
}

// nearestCommand is the command with the smallest edit distance to name
// (the first in help order on a tie), if it is a likely typo: at most two
// edits, and never more than half the name (so "x" suggests nothing, and
// "cdoe" suggests code).
func nearestCommand(name string) (string, bool) {
	best, bestDist := "", -1
	for _, n := range commandNames() {
		d := levenshtein.ComputeDistance(name, n)
		if bestDist < 0 || d < bestDist {
			best, bestDist = n, d
		}
	}
	if bestDist < 1 || bestDist > 2 || 2*bestDist > len([]rune(name)) {
		return "", false
	}
	return best, true
}

// errorHint is the catalogue ID of a line that tells what to do about err,
// or "": the token package's messages serve the tray as well, which has
// no list command to point to.
func errorHint(err error) string {
	var m *msg.Error
	if errors.As(err, &m) && m.ID == "store.not_found" {
		return "polishcli.hint.list"
	}
	return ""
}

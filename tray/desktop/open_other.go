//go:build !windows && !darwin

package desktop

import "os/exec"

// open hands target (a URL or an absolute path) to xdg-open, which asks the
// desktop for the program to use.
func open(target string) error {
	return runOpener(exec.Command("xdg-open", target))
}

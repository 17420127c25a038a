package desktop

import "os/exec"

// open hands target (a URL or an absolute path) to open(1), which asks
// Launch Services for the program to use.
func open(target string) error {
	return runOpener(exec.Command("open", target), nil)
}

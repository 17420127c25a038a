//go:build !windows

package install

// start refuses: otptray installs itself only on Windows; elsewhere the
// distribution's packages or the user update it.
func start(name string, args []string) error {
	return newError(Unsupported, "")
}

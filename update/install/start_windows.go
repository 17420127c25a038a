package install

import "os/exec"

// start starts name with args and lets it run on after this program.
func start(name string, args []string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}

package install

import (
	"context"
	"os"
	"strings"
)

// MSI installs an MSI for the current user with Windows Installer:
// `msiexec /i FILE /passive`, a progress bar and no questions. The MSI is
// per user (packaging/windows/otptray.wxs), so no administrator is asked.
type MSI struct {
	// SystemRoot is the Windows folder; "": %SystemRoot%, else C:\Windows.
	// msiexec is run by its full path, never looked up in PATH.
	SystemRoot string
}

// Command is the program and arguments that install file.
func (m MSI) Command(file string) (name string, args []string) {
	root := m.SystemRoot
	if root == "" {
		root = os.Getenv("SystemRoot")
	}
	if root == "" {
		root = `C:\Windows`
	}
	name = strings.TrimRight(root, `\/`) + `\System32\msiexec.exe`
	return name, []string{"/i", file, "/passive"}
}

// Install starts msiexec on file and returns once it has started: the MSI
// replaces the running tray, which quits for it.
func (m MSI) Install(ctx context.Context, file string) error {
	name, args := m.Command(file)
	return start(name, args)
}

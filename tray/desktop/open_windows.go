package desktop

import (
	"golang.org/x/sys/windows"
)

// open asks the shell to open target (a URL or an absolute path) with the
// program registered for it, as a double click would: ShellExecute with the
// "open" verb, the call behind "rundll32 url.dll,FileProtocolHandler"
// without a second process and its command-line quoting.
func open(target string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(target)
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
}

package desktop

import "github.com/gen2brain/beeep"

func init() {
	// The name the notification shows as its sender; it is also the
	// toast's AppUserModelID, registered under HKCU with this display name
	// and the icon (by go-toast, through beeep).
	beeep.AppName = AppName
}

// notify shows a toast through the Windows Runtime; go-toast's fallback
// passes the text to PowerShell in a script file in the user's temporary
// folder, removed at once, never on the command line.
func notify(title, body string) error {
	return beeep.Notify(title, body, notifyIcon())
}

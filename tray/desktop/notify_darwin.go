package desktop

import "github.com/gen2brain/beeep"

func init() { beeep.AppName = AppName }

// notify shows the notification in Notification Center through beeep
// (terminal-notifier when installed, else AppleScript). Both take the text
// as an argument: on macOS a code shown in a notification is briefly in the
// process list of the user's session.
func notify(title, body string) error {
	return beeep.Notify(title, body, notifyIcon())
}

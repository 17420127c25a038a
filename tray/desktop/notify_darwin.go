package desktop

import (
	"os/exec"
	"strings"
)

// notify shows the notification with AppleScript's display notification.
// The script goes to osascript on its standard input, not as an argument
// (as a library would pass it), so the text stays out of the process list.
func notify(title, body string) error {
	cmd := exec.Command("osascript")
	cmd.Stdin = strings.NewReader("display notification " + appleScriptString(body) +
		" with title " + appleScriptString(title) + "\n")
	return cmd.Run()
}

package i18n

import (
	"os/exec"
	"strings"
)

// osLanguage asks the user defaults, since apps started from the Dock or a
// LaunchAgent get no LANG.
func osLanguage() string {
	out, err := exec.Command("defaults", "read", "-g", "AppleLocale").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

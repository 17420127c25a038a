package tray

import "golang.org/x/sys/windows/registry"

// darkTaskbar reads whether the Windows taskbar is dark ("Choose your
// default Windows mode": SystemUsesLightTheme is 0). Windows 10 and 11 have
// a dark taskbar unless the user chose the light mode.
func darkTaskbar() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\Windows\CurrentVersion\Themes\Personalize`, registry.QUERY_VALUE)
	if err != nil {
		return true
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue("SystemUsesLightTheme")
	return err != nil || v == 0
}

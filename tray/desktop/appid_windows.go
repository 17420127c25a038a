package desktop

import (
	"fmt"
	"sync"

	"golang.org/x/sys/windows/registry"
)

// appIDKey is where Windows looks up the name and icon of a toast's sender
// (its AppUserModelID) when no Start-menu shortcut carries the ID: a
// portable copy has none.
const appIDKey = `Software\Classes\AppUserModelId\`

// registerToastSender makes the toasts of this program show its name and
// icon, once per process, before its first toast. The MSI's shortcut
// carries the same ID; the key is written in either case, since go-toast
// writes it at every toast anyway. go-toast never replaces a value that is
// there (wintoast.writeStringValueImpl; not yet reported upstream), so an
// IconUri naming a file that is gone, such as one of beeep's temporary
// icons, would stay: ours overwrites it.
var registerToastSender = sync.OnceValue(func() error {
	icon, _ := notifyIcon().(string) // "" when the icon file could not be written
	return registerAppID(AppName, AppName, icon)
})

// registerAppID writes DisplayName and, unless icon is "", IconUri (the
// path of an image file) for the AppUserModelID id under HKCU, replacing
// what is there.
func registerAppID(id, displayName, icon string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, appIDKey+id, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("register the notification sender %s: %w", id, err)
	}
	defer k.Close()
	if err := k.SetStringValue("DisplayName", displayName); err != nil {
		return fmt.Errorf("register the notification sender %s: %w", id, err)
	}
	if icon == "" {
		return nil
	}
	if err := k.SetStringValue("IconUri", icon); err != nil {
		return fmt.Errorf("register the notification sender %s: %w", id, err)
	}
	return nil
}

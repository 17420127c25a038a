package desktop

import (
	"sync"

	"fyne.io/systray"
	"github.com/gen2brain/beeep"
	"golang.org/x/sys/windows/registry"
)

func init() {
	// The name the notification shows as its sender; it is also the
	// toast's AppUserModelID, registered under HKCU with this display name
	// and the icon (appid_windows.go).
	beeep.AppName = AppName
}

// notify shows a toast through the Windows Runtime; go-toast's fallback
// passes the text to PowerShell in a script file in the user's temporary
// folder, removed at once, never on the command line. Where there are no
// toasts, or a toast fails, the message is a balloon from the tray's own
// icon.
//
// beeep is asked only where it makes toasts: elsewhere it shows a balloon
// from a second tray icon of its own (through tadvi/systray), which stays
// beside ours (reported as gen2brain/beeep#58).
func notify(title, body string) error {
	if !toastsAvailable() {
		return systray.ShowBalloon(title, body)
	}
	// Should the key not be writable, the toast still shows, under the
	// name and icon that go-toast registers.
	_ = registerToastSender()
	err := beeep.Notify(title, body, notifyIcon())
	if err == nil {
		return nil
	}
	if systray.ShowBalloon(title, body) == nil {
		return nil
	}
	return err
}

// toastsAvailable says whether beeep takes its toast path: the check it
// makes (in its init), Windows 10 and 11 reporting CurrentMajorVersionNumber
// 10.
var toastsAvailable = sync.OnceValue(func() bool {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer k.Close()
	major, _, err := k.GetIntegerValue("CurrentMajorVersionNumber")
	return err == nil && major == 10
})

package desktop

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"

	"github.com/otptray/otptray/icons"
	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/msg"
)

// Notify shows a desktop notification from otptray through beeep (D-Bus
// notification on Linux, a toast on Windows, Notification Center on macOS),
// with the program's icon. On Linux and Windows the text (often a code) is
// never put on a command line, where other users' ps could read it: where
// the platform's own way fails, the notification fails (see notify_<os>.go).
func Notify(title, body string) error {
	if err := notify(title, body); err != nil {
		return msg.New("desktop.notify", err)
	}
	return nil
}

// notifyIcon is the program's icon as a file, written once into the user's
// cache folder, or the PNG bytes when it cannot be written. A file is
// better: beeep passes bytes through a temporary file that it removes right
// after the notification, while Windows keeps the path as the icon of every
// toast of the app (the IconUri in the registry).
var notifyIcon = sync.OnceValue(func() any {
	png := icons.PNG(256) // the largest: notification servers and Windows scale it down
	path, err := iconFile(png)
	if err != nil {
		return png
	}
	return path
})

// iconFile writes png to <user cache folder>/otptray/otptray.png unless it
// is there already, and returns its path.
func iconFile(png []byte) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir = filepath.Join(dir, AppName)
	path := filepath.Join(dir, AppName+".png")
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, png) {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := atomicfile.Write(path, png, 0o600); err != nil {
		return "", err
	}
	return path, nil
}

//go:build windows || darwin

package hotkey

import (
	"errors"

	"golang.design/x/hotkey"

	"github.com/otptray/otptray/tray/desktop"
)

// libTaken is the text of golang.design/x/hotkey's error (unexported, so
// matched by its text; v0.6.1 is pinned) for a combination that another
// program holds: RegisterHotKey failed on Windows.
const libTaken = "hotkey: failed to register, the combination might already be taken by another application"

// listen registers h with the library and calls press, from one goroutine,
// for each press; stop unregisters and waits for that goroutine. Windows
// and macOS report the combination only, so every key-down is a press.
func listen(h desktop.Hotkey, press func()) (stop func(), err error) {
	mods, key, err := combo(h)
	if err != nil {
		return nil, err
	}
	hk := hotkey.New(mods, key)
	if err := hk.Register(); err != nil {
		if taken(err) {
			return nil, errTaken
		}
		return nil, err
	}
	// Both close when the hotkey is unregistered. Key-ups are read only so
	// that they do not pile up in the library's unbounded queue.
	downs, ups := hk.Keydown(), hk.Keyup()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for downs != nil || ups != nil {
			select {
			case _, ok := <-downs:
				if !ok {
					downs = nil
				} else {
					press()
				}
			case _, ok := <-ups:
				if !ok {
					ups = nil
				}
			}
		}
	}()
	return func() {
		hk.Unregister()
		<-done
	}, nil
}

// taken reports whether err, from the library, says that another program
// holds the combination.
func taken(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == libTaken {
			return true
		}
	}
	return false
}

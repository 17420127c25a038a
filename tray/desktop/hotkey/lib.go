package hotkey

import (
	"errors"

	"golang.design/x/hotkey"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/tray/desktop"
)

// libTaken is the text of golang.design/x/hotkey's error (unexported, so
// matched by its text; v0.6.1 is pinned) for a combination that another
// program holds: on X11 the server refused the grab with BadAccess (the
// library checks that synchronously, and fails with nothing else once the
// display is open), on Windows RegisterHotKey failed.
const libTaken = "hotkey: failed to register, the combination might already be taken by another application"

// errTaken replaces it, in the user's language.
var errTaken = msg.New("desktop.hotkey.taken", nil)

// listen registers h with the library and calls press, from one goroutine,
// for each press; stop unregisters and waits for that goroutine.
func listen(h desktop.Hotkey, press func()) (stop func(), err error) {
	c, err := newCombo(h)
	if err != nil {
		return nil, err
	}
	hk := hotkey.New(c.mods, c.key)
	if err := hk.Register(); err != nil {
		c.close()
		if taken(err) {
			return nil, errTaken
		}
		return nil, err
	}
	downs, ups := hk.Keydown(), hk.Keyup() // both close when the hotkey is unregistered
	done := make(chan struct{})
	go func() {
		defer close(done)
		for downs != nil || ups != nil {
			select {
			case _, ok := <-downs:
				if !ok {
					downs = nil
				} else if c.down() {
					press()
				}
			case _, ok := <-ups:
				if !ok {
					ups = nil
				} else if c.up() {
					press()
				}
			}
		}
	}()
	return func() {
		hk.Unregister()
		<-done
		c.close()
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

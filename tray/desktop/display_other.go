//go:build !windows && !darwin

package desktop

import (
	"io"
	"log"
	"os"
	"sync"
	"time"

	"github.com/jezek/xgb"

	"github.com/otptray/otptray/internal/msg"
)

// displayTimeout bounds the wait for the X server: a local one answers in
// milliseconds, one over SSH in well under a second.
const displayTimeout = 5 * time.Second

// CheckDisplay reports whether the tray can run: an X display is named and
// answers. The error says what is missing, in the catalogue's words.
//
// On Linux and the BSDs the tray needs X11 (XWayland under Wayland) for the
// clipboard and the hotkey.
func CheckDisplay() error {
	return checkDisplay(os.Getenv, displayTimeout)
}

// quietXGB stops xgb's log: it logs through its own logger when it finds
// no X authority file ("Could not get authority info") and then connects
// without one, which is normal for Xvfb and many XWayland sessions; real
// failures come back as errors.
var quietXGB = sync.OnceFunc(func() { xgb.Logger = log.New(io.Discard, "", 0) })

func checkDisplay(getenv func(string) string, timeout time.Duration) error {
	quietXGB()
	display := getenv("DISPLAY")
	switch {
	case display == "" && getenv("WAYLAND_DISPLAY") != "":
		return msg.New("desktop.display.wayland_only", nil)
	case display == "":
		return msg.New("desktop.display.none", nil)
	}
	type result struct {
		conn *xgb.Conn
		err  error
	}
	answer, gaveUp := make(chan result), make(chan struct{})
	go func() {
		conn, err := xgb.NewConnDisplay(display)
		select {
		case answer <- result{conn, err}:
		case <-gaveUp:
			if conn != nil {
				conn.Close()
			}
		}
	}()
	select {
	case r := <-answer:
		if r.err != nil {
			return msg.New("desktop.display.unreachable", r.err, "Display", display)
		}
		r.conn.Close()
		return nil
	case <-time.After(timeout):
		close(gaveUp)
		noAnswer := msg.New("desktop.display.no_answer", nil, "Seconds", int(timeout/time.Second))
		return msg.New("desktop.display.unreachable", noAnswer, "Display", display)
	}
}

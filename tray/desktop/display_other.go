//go:build !windows && !darwin

package desktop

import (
	"bytes"
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

// quietXGB keeps xgb's log (to standard error) but for its two lines about
// the X authority file.
var quietXGB = sync.OnceFunc(func() { xgb.Logger = withoutAuthorityLines(os.Stderr) })

// withoutAuthorityLines is xgb's logger writing to w, without "Could not get
// authority info" and "Trying connection without authority info...": xgb
// logs them when ~/.Xauthority is missing and then connects without it,
// which is normal for Xvfb and many XWayland sessions.
func withoutAuthorityLines(w io.Writer) *log.Logger {
	return log.New(authorityFilter{w}, "XGB: ", log.Lshortfile)
}

// authorityFilter passes on every log line but xgb's authority lines (a
// *log.Logger writes each line with one Write).
type authorityFilter struct{ w io.Writer }

func (f authorityFilter) Write(line []byte) (int, error) {
	if bytes.Contains(line, []byte("authority info")) {
		return len(line), nil
	}
	return f.w.Write(line)
}

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

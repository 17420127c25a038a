package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofrs/flock"
	"github.com/otptray/otptray/internal/msg"
)

// QuitMessage asks the primary instance to quit (otptray --quit, which the
// Windows installer runs before it replaces or removes the program files).
// The primary answers with its process ID, so that the asker can wait for
// the process itself to end: on Windows an exe cannot be replaced while a
// process runs it, even one that has let go of its lock.
const QuitMessage = "quit"

// answer is the primary's reply to a message it took.
func answer(m string) string {
	if m == QuitMessage {
		return "ok " + strconv.Itoa(os.Getpid()) + "\n"
	}
	return "ok\n"
}

// AskToQuit asks the otptray that runs for the data folder dir, if one does,
// to quit, and waits until its process has ended, at most wait in all.
// running says whether one was running.
func AskToQuit(dir string, wait time.Duration) (running bool, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return false, nil // no data folder: otptray never ran here
	}
	deadline := time.Now().Add(wait)
	lock := flock.New(filepath.Join(dir, lockFile))
	defer lock.Close()
	for {
		free, err := lock.TryLock()
		if err != nil {
			return false, msg.New("desktop.single.lock", err)
		}
		if free {
			lock.Unlock()
			return false, nil
		}
		// The lock is held: by a primary, or by one just starting (not
		// listening yet) or just quitting. Ask, and try again until told.
		extra, sendErr := send(dir, QuitMessage)
		if sendErr == nil {
			pid, err := strconv.Atoi(extra)
			if err != nil || pid <= 0 {
				return true, msg.New("msi.quit.refused", fmt.Errorf("answer %q", extra))
			}
			if !waitExited(pid, time.Until(deadline)) {
				return true, msg.New("msi.quit.timeout", nil, "Seconds", int(wait.Round(time.Second).Seconds()))
			}
			return true, nil
		}
		if time.Now().After(deadline) {
			return true, msg.New("desktop.single.no_answer", sendErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

package tray

import (
	"fmt"
	"os"
	"time"

	"github.com/otptray/otptray/tray/desktop"
)

// Quitting has one owner. Every way out (the Quit entry, SIGTERM/SIGINT,
// the session ending on Windows, a quit request from a second instance)
// calls requestQuit; the loop then runs stop, once, and ends, and Run ends
// the tray. stop is what must not be skipped: the secrets leave memory, the
// QR images leave the disk, and a code we copied leaves the clipboard.

// requestQuit asks the loop to stop. Any goroutine may call it, any number
// of times; it never blocks (a full event queue cannot lose it).
func (a *app) requestQuit() {
	a.loop.quitOnce.Do(func() { close(a.loop.quit) })
}

// onMessage acts on a message from a later start of otptray: otptray --quit
// quits; a start by a toast's button presses that button, as a press on a
// freedesktop notification's does; a plain start is told that we run.
func (a *app) onMessage(m string) {
	if m == desktop.QuitMessage {
		a.requestQuit()
		return
	}
	if id, key, ok := desktop.ParseNoticeMessage(m); ok {
		a.send(event{kind: evNoticeAction, key: key, notice: id})
		return
	}
	a.send(event{kind: evReopened})
}

func (a *app) quitRequested() bool {
	select {
	case <-a.loop.quit:
		return true
	default:
		return false
	}
}

// writesOnQuit bounds how long stop waits for writes of the tokens file
// still queued (a setting clicked just before Quit).
const writesOnQuit = 3 * time.Second

// stop releases the hotkey, forgets the secrets, deletes the QR images
// shown and takes our code off the clipboard. It runs once, on the loop's
// goroutine (or in Run when the loop never started).
func (a *app) stop() {
	a.loop.stopOnce.Do(func() {
		defer close(a.loop.stopped)
		if a.unregister != nil {
			a.unregister()
			a.unregister = nil
		}
		a.releaseHotkeys()
		a.removeHotkeyStatus()
		a.stopTyping()
		a.forgetSecrets()
		a.stopTransfer()
		if err := a.Sys.ClearCopied(); err != nil {
			fmt.Fprintf(os.Stderr, "otptray: clipboard not cleared: %v\n", err)
		}
		if !a.loop.writer.wait(writesOnQuit) {
			fmt.Fprintln(os.Stderr, "otptray: a change of the tokens file was still being saved")
		}
	})
}

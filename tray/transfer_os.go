package tray

import (
	"image"
	"time"

	"github.com/otptray/otptray/tray/desktop"
)

// osSystem is also the TransferSystem on the real desktop.

func (s *osSystem) ReadClipboard() (string, error) { return s.clip.Read() }

func (s *osSystem) ClearClipboardIf(text string) error { return s.clip.ClearIf(text) }

// menuCloseDelay is how long the capture waits after the click for the
// menu to be gone from the screen: it may cover the QR code.
const menuCloseDelay = 300 * time.Millisecond

// CaptureScreens runs beside the loop (see scanScreen), so the wait blocks
// nothing.
func (s *osSystem) CaptureScreens() ([]image.Image, error) {
	time.Sleep(menuCloseDelay)
	return desktop.CaptureScreens()
}

func (s *osSystem) OpenFile(path string) error { return desktop.OpenFile(path) }

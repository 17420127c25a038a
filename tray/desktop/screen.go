package desktop

import (
	"image"

	"github.com/kbinani/screenshot"
	"github.com/otptray/otptray/internal/msg"
)

// CaptureScreens takes a picture of every monitor, for finding the QR code
// a website shows when two-step verification is turned on. On Linux it reads
// the X display (a Wayland session asks the desktop portal, which may ask
// the user first); on macOS it needs a build with cgo.
func CaptureScreens() ([]image.Image, error) {
	n := screenshot.NumActiveDisplays()
	if n <= 0 {
		return nil, msg.New("traytransfer.screen.none", nil)
	}
	imgs := make([]image.Image, 0, n)
	for i := range n {
		img, err := screenshot.CaptureDisplay(i)
		if err != nil {
			return nil, msg.New("traytransfer.screen.capture", err, "Screen", i+1)
		}
		imgs = append(imgs, img)
	}
	return imgs, nil
}

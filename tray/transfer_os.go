package tray

import (
	"image"

	"github.com/otptray/otptray/tray/desktop"
)

// osSystem is also the TransferSystem on the real desktop.

func (s *osSystem) ReadClipboard() (string, error) { return s.clip.Read() }

func (s *osSystem) CaptureScreens() ([]image.Image, error) { return desktop.CaptureScreens() }

func (s *osSystem) OpenFile(path string) error { return desktop.OpenFile(path) }

//go:build windows

package systray

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// ShowBalloon shows a notification from the tray's own icon: a balloon on
// Windows 7, a notification on Windows 10 and 11 (Shell_NotifyIcon
// NIM_MODIFY with NIF_INFO). It adds no icon to the notification area, as
// a helper that brings its own icon for the message would. The title is cut
// to 63 UTF-16 units, the text to 255.
func ShowBalloon(title, text string) error {
	return wt.showBalloon(title, text)
}

func (t *winTray) showBalloon(title, text string) error {
	if !t.isReady() {
		return ErrTrayNotReadyYet
	}
	const (
		NIF_INFO     = 0x00000010
		NIIF_INFO    = 0x00000001
		NIIF_USER    = 0x00000004 // the notification icon's own image
		NIIF_NOSOUND = 0x00000010
	)
	titleW, err := windows.UTF16FromString(title)
	if err != nil {
		return err
	}
	textW, err := windows.UTF16FromString(text)
	if err != nil {
		return err
	}

	t.muNID.Lock()
	defer t.muNID.Unlock()
	// A copy that carries NIF_INFO alone: left in t.nid's flags it would
	// show the message again with every later change of icon or tooltip.
	nid := *t.nid
	nid.Size = uint32(unsafe.Sizeof(nid))
	nid.Flags = NIF_INFO
	nid.InfoFlags = NIIF_INFO | NIIF_NOSOUND
	if nid.Icon != 0 {
		nid.InfoFlags = NIIF_USER | NIIF_NOSOUND
	}
	copyUTF16(nid.InfoTitle[:], titleW)
	copyUTF16(nid.Info[:], textW)
	return nid.modify()
}

// copyUTF16 copies the NUL-terminated s into dst, cut to fit with its NUL
// and never between the two halves of a surrogate pair.
func copyUTF16(dst, s []uint16) {
	n := len(s) - 1 // without the NUL
	if n > len(dst)-1 {
		n = len(dst) - 1
		if n > 0 && s[n-1] >= 0xD800 && s[n-1] < 0xDC00 {
			n--
		}
	}
	copy(dst, s[:n])
	for i := n; i < len(dst); i++ {
		dst[i] = 0
	}
}

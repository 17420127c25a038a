// Package icons holds the otptray icon: a white stopwatch whose dial is a
// keyhole, on a teal badge.
//
// The badge meets the background, and its teal has a contrast of about 4.6:1
// against white and black alike, so one icon reads on light and dark
// taskbars and panels (and on Wine's white tray) without following the OS
// theme. The same artwork is the tray icon, the exe's and installer's icon
// and the notification icon. Each size is drawn for its own pixel grid.
//
// The files are drawn by ./gen (see internal/render) and committed, so a build
// needs no generator run; `go generate ./icons` redraws them after a design change.
package icons

import (
	"embed"
	"fmt"
)

//go:generate go run ./gen

//go:embed otptray-*.png otptray.ico
var files embed.FS

// Sizes lists the pixel sizes PNG has, smallest first; ICO holds them all.
func Sizes() []int { return []int{16, 20, 24, 32, 40, 48, 64, 128, 256} }

// PNG returns the icon at size px, or nil when size is not one of Sizes.
func PNG(size int) []byte { return read(fmt.Sprintf("otptray-%d.png", size)) }

// ICO returns the icon as a multi-size Windows icon holding every size of
// Sizes, so Windows picks the one drawn for the DPI.
func ICO() []byte { return read("otptray.ico") }

// Template returns the macOS menu bar template image: the badge in black
// with the stopwatch cut out, 32 px (16 pt at 2×). macOS uses only its
// alpha and colours it for the menu bar, as it does its own status items.
func Template() []byte { return read("otptray-template.png") }

func read(name string) []byte {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil
	}
	return data
}

// Package icons holds the otptray icon: a stopwatch whose dial is a keyhole.
//
// The files are drawn by ./gen (see internal/render) and committed, so a build
// needs no generator run; `go generate ./icons` redraws them after a design change.
//
// Two tray variants exist because tray glyphs are single-coloured: "light" is
// a dark glyph for light taskbars, "dark" a white glyph for dark taskbars.
// The program's own icon (otptray.ico for the exe, otptray.png for desktop
// files and the about box) is teal, which reads on both.
package icons

import (
	"embed"
	"fmt"
)

//go:generate go run ./gen

//go:embed otptray-light-*.png otptray-dark-*.png otptray-light.ico otptray-dark.ico otptray.ico otptray.png
var files embed.FS

// Sizes lists the pixel sizes PNG has, smallest first.
func Sizes() []int { return []int{16, 20, 24, 32, 48, 64, 128, 256} }

// PNG returns the tray glyph at size px for a dark (true) or light taskbar,
// or nil when size is not one of Sizes.
func PNG(size int, dark bool) []byte {
	return read(fmt.Sprintf("otptray-%s-%d.png", variant(dark), size))
}

// ICO returns the tray glyph for a dark (true) or light taskbar as a
// multi-size Windows icon holding every size of Sizes.
func ICO(dark bool) []byte {
	return read(fmt.Sprintf("otptray-%s.ico", variant(dark)))
}

// AppPNG returns the program's 256 px colour icon, for desktop files and
// the about box.
func AppPNG() []byte { return read("otptray.png") }

// AppICO returns the program's colour icon as a multi-size Windows icon.
func AppICO() []byte { return read("otptray.ico") }

func variant(dark bool) string {
	if dark {
		return "dark"
	}
	return "light"
}

func read(name string) []byte {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil
	}
	return data
}

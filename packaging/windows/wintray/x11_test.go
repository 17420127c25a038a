package wintray

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// display is a connection to the X server that Wine draws on.
type display struct {
	conn *xgb.Conn
	root xproto.Window
}

func openDisplay() (*display, error) {
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("open X display: %w", err)
	}
	return &display{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}, nil
}

func (d *display) Close() { d.conn.Close() }

// grab reads the screen's pixels in r (root coordinates). The screen is 24
// bits deep, 32 bits a pixel in the server's byte order (little endian:
// blue, green, red, unused).
func (d *display) grab(r image.Rectangle) (*image.RGBA, error) {
	reply, err := xproto.GetImage(d.conn, xproto.ImageFormatZPixmap, xproto.Drawable(d.root),
		int16(r.Min.X), int16(r.Min.Y), uint16(r.Dx()), uint16(r.Dy()), 0xffffffff).Reply()
	if err != nil {
		return nil, fmt.Errorf("read the screen at %v: %w", r, err)
	}
	if len(reply.Data) < r.Dx()*r.Dy()*4 {
		return nil, fmt.Errorf("read the screen at %v: %d bytes, want 32 bits a pixel", r, len(reply.Data))
	}
	img := image.NewRGBA(r)
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			p := reply.Data[(y*r.Dx()+x)*4:]
			img.SetRGBA(r.Min.X+x, r.Min.Y+y, color.RGBA{p[2], p[1], p[0], 255})
		}
	}
	return img, nil
}

// windowID is an X window.
type windowID = xproto.Window

// xwin is a window as the X server knows it.
type xwin struct {
	id     xproto.Window
	name   string // WM_NAME
	class  string // the first part of WM_CLASS: the program, "otptray.exe"
	rect   image.Rectangle
	mapped bool
}

// children lists the child windows of parent, in stacking order (lowest
// first), with their place on the screen.
func (d *display) children(parent xproto.Window) ([]xwin, error) {
	tree, err := xproto.QueryTree(d.conn, parent).Reply()
	if err != nil {
		return nil, fmt.Errorf("list the windows: %w", err)
	}
	var out []xwin
	for _, id := range tree.Children {
		w, err := d.describe(id)
		if err != nil {
			continue // gone in the meantime
		}
		out = append(out, w)
	}
	return out, nil
}

func (d *display) describe(id xproto.Window) (xwin, error) {
	attr, err := xproto.GetWindowAttributes(d.conn, id).Reply()
	if err != nil {
		return xwin{}, err
	}
	geo, err := xproto.GetGeometry(d.conn, xproto.Drawable(id)).Reply()
	if err != nil {
		return xwin{}, err
	}
	at, err := xproto.TranslateCoordinates(d.conn, id, d.root, 0, 0).Reply()
	if err != nil {
		return xwin{}, err
	}
	w := xwin{
		id:     id,
		rect:   image.Rect(int(at.DstX), int(at.DstY), int(at.DstX)+int(geo.Width), int(at.DstY)+int(geo.Height)),
		mapped: attr.MapState == xproto.MapStateViewable,
		name:   d.property(id, xproto.AtomWmName),
	}
	w.class, _, _ = strings.Cut(d.property(id, xproto.AtomWmClass), "\x00")
	return w, nil
}

func (d *display) property(id xproto.Window, atom xproto.Atom) string {
	p, err := xproto.GetProperty(d.conn, false, id, atom, xproto.GetPropertyTypeAny, 0, 256).Reply()
	if err != nil || p == nil {
		return ""
	}
	return string(bytes.TrimRight(p.Value, "\x00"))
}

// wineDesktop is the window of `wine explorer /desktop=shell,...`.
func (d *display) wineDesktop() (xwin, bool) {
	ws, err := d.children(d.root)
	if err != nil {
		return xwin{}, false
	}
	for _, w := range ws {
		if w.mapped && strings.HasSuffix(w.name, "Wine desktop") {
			return w, true
		}
	}
	return xwin{}, false
}

// taskbar is the virtual desktop's taskbar: explorer's window as wide as
// the desktop at its bottom edge.
func (d *display) taskbar(desk xwin) (xwin, bool) {
	ws, err := d.children(desk.id)
	if err != nil {
		return xwin{}, false
	}
	for _, w := range ws {
		if w.mapped && w.class == "explorer.exe" && w.rect.Dx() == desk.rect.Dx() &&
			w.rect.Dy() < 64 && w.rect.Max.Y == desk.rect.Max.Y {
			return w, true
		}
	}
	return xwin{}, false
}

// programWindows lists the mapped windows of a program (by WM_CLASS) on the
// virtual desktop that are more than a few pixels big: for otptray.exe
// these are its open menus.
func (d *display) programWindows(desk xwin, class string) map[xproto.Window]xwin {
	out := map[xproto.Window]xwin{}
	ws, err := d.children(desk.id)
	if err != nil {
		return out
	}
	for _, w := range ws {
		if w.mapped && w.class == class && w.rect.Dx() > 20 && w.rect.Dy() > 20 {
			out[w.id] = w
		}
	}
	return out
}

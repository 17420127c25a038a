//go:build windows

package systray

import (
	"errors"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

var (
	pBitBlt        = g32.NewProc("BitBlt")
	pDeleteObject  = g32.NewProc("DeleteObject")
	pGetObject     = g32.NewProc("GetObjectW")
	pGetClientRect = u32.NewProc("GetClientRect")
	pGetIconInfo   = u32.NewProc("GetIconInfo")
)

// testTray starts the tray once for the whole test binary, with its message
// loop on a thread of its own: Quit can be called only once in a process.
var testTray = sync.OnceValue(func() error {
	ready := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		Register(func() { close(ready) }, nil)
		nativeLoop()
	}()
	select {
	case <-ready:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("the tray did not start within 10 s")
	}
})

// waitFor polls cond until it holds or d has passed.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); ; time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

type rect struct{ Left, Top, Right, Bottom int32 }

// capture returns the pixels of the client area of window, 32 bits each.
func capture(window uintptr) ([]byte, error) {
	var r rect
	if ok, _, err := pGetClientRect.Call(window, uintptr(unsafe.Pointer(&r))); ok == 0 {
		return nil, err
	}
	w, h := r.Right-r.Left, r.Bottom-r.Top
	if w <= 0 || h <= 0 {
		return nil, errors.New("the window has no client area")
	}
	dc, _, err := pGetDC.Call(window)
	if dc == 0 {
		return nil, err
	}
	defer pReleaseDC.Call(window, dc)
	mem, _, err := pCreateCompatibleDC.Call(dc)
	if mem == 0 {
		return nil, err
	}
	defer pDeleteDC.Call(mem)
	bmi := bitmapInfo{BmiHeader: bitmapInfoHeader{BiWidth: w, BiHeight: -h, BiPlanes: 1, BiBitCount: 32}}
	bmi.BmiHeader.BiSize = uint32(unsafe.Sizeof(bmi.BmiHeader))
	var bits unsafe.Pointer
	bmp, _, err := pCreateDIBSection.Call(mem, uintptr(unsafe.Pointer(&bmi)), 0, uintptr(unsafe.Pointer(&bits)), 0, 0)
	if bmp == 0 {
		return nil, err
	}
	defer pDeleteObject.Call(bmp)
	old, _, _ := pSelectObject.Call(mem, bmp)
	const SRCCOPY = 0x00CC0020
	ok, _, err := pBitBlt.Call(mem, 0, 0, uintptr(w), uintptr(h), dc, 0, 0, SRCCOPY)
	pSelectObject.Call(mem, old)
	if ok == 0 {
		return nil, err
	}
	return append([]byte(nil), unsafe.Slice((*byte)(bits), int(w*h*4))...), nil
}

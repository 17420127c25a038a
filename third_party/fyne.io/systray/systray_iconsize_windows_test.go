//go:build windows

package systray

import (
	"bytes"
	"encoding/binary"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The tray icon is the frame for the small-icon size at the window's DPI,
// not the one for SM_CXICON that LR_DEFAULTSIZE picks.
func TestTrayIconIsTheSmallIconFrame(t *testing.T) {
	if err := testTray(); err != nil {
		t.Fatal(err)
	}
	const SM_CXSMICON = 49
	want, _, _ := pGetSystemMetrics.Call(SM_CXSMICON)
	if pGetMetricsForDpi.Find() == nil && pGetDpiForWindow.Find() == nil {
		dpi, _, _ := pGetDpiForWindow.Call(uintptr(wt.window))
		want, _, _ = pGetMetricsForDpi.Call(SM_CXSMICON, dpi)
	}
	sizes := []int{16, 20, 24, 32, 40, 48}
	SetIcon(testIcon(sizes))
	wt.muNID.RLock()
	icon := wt.nid.Icon
	wt.muNID.RUnlock()
	if icon == 0 {
		t.Fatal("SetIcon set no icon")
	}
	got, err := iconWidth(icon)
	if err != nil {
		t.Fatal(err)
	}
	if got != int32(want) {
		t.Errorf("the tray icon is %d px wide, want the small-icon size %d (frames %v)", got, want, sizes)
	}
}

// iconWidth is the width of the colour bitmap of icon.
func iconWidth(icon windows.Handle) (int32, error) {
	var info struct {
		IsIcon      int32
		XHot, YHot  uint32
		Mask, Color windows.Handle
	}
	if ok, _, err := pGetIconInfo.Call(uintptr(icon), uintptr(unsafe.Pointer(&info))); ok == 0 {
		return 0, err
	}
	defer pDeleteObject.Call(uintptr(info.Mask))
	defer pDeleteObject.Call(uintptr(info.Color))
	var bm struct {
		Type, Width, Height, WidthBytes int32
		Planes, BitsPixel               uint16
		Bits                            uintptr
	}
	if n, _, err := pGetObject.Call(uintptr(info.Color), unsafe.Sizeof(bm), uintptr(unsafe.Pointer(&bm))); n == 0 {
		return 0, err
	}
	return bm.Width, nil
}

// testIcon is an .ico file with an opaque 32-bit frame of each size.
func testIcon(sizes []int) []byte {
	var images [][]byte
	for i, n := range sizes {
		var img bytes.Buffer
		binary.Write(&img, binary.LittleEndian, bitmapInfoHeader{
			BiSize: 40, BiWidth: int32(n), BiHeight: int32(2 * n), BiPlanes: 1, BiBitCount: 32,
		})
		pixel := []byte{byte(40 * i), 0x80, 0xff - byte(40*i), 0xff} // BGRA
		img.Write(bytes.Repeat(pixel, n*n))
		img.Write(make([]byte, (n+31)/32*4*n)) // AND mask: all opaque
		images = append(images, img.Bytes())
	}
	var ico bytes.Buffer
	binary.Write(&ico, binary.LittleEndian, [3]uint16{0, 1, uint16(len(sizes))})
	offset := 6 + 16*len(sizes)
	for i, n := range sizes {
		binary.Write(&ico, binary.LittleEndian, struct {
			Width, Height, Colors, Reserved uint8
			Planes, BitCount                uint16
			Size, Offset                    uint32
		}{uint8(n), uint8(n), 0, 0, 1, 32, uint32(len(images[i])), uint32(offset)})
		offset += len(images[i])
	}
	for _, img := range images {
		ico.Write(img)
	}
	return ico.Bytes()
}

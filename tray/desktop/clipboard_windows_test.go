package desktop

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/e2e"
)

// The test reads the clipboard with user32 itself, not through the
// library that Copy uses.
var (
	user32                     = windows.NewLazySystemDLL("user32.dll")
	kernel32                   = windows.NewLazySystemDLL("kernel32.dll")
	procOpenClipboard          = user32.NewProc("OpenClipboard")
	procCloseClipboard         = user32.NewProc("CloseClipboard")
	procEmptyClipboard         = user32.NewProc("EmptyClipboard")
	procGetClipboardData       = user32.NewProc("GetClipboardData")
	procSetClipboardData       = user32.NewProc("SetClipboardData")
	procIsFormatAvailable      = user32.NewProc("IsClipboardFormatAvailable")
	procRegisterClipboardFmt   = user32.NewProc("RegisterClipboardFormatW")
	procGetClipboardSequenceNo = user32.NewProc("GetClipboardSequenceNumber")
	procGlobalAlloc            = kernel32.NewProc("GlobalAlloc")
	procGlobalLock             = kernel32.NewProc("GlobalLock")
	procGlobalUnlock           = kernel32.NewProc("GlobalUnlock")
	procGlobalSize             = kernel32.NewProc("GlobalSize")
)

const cfUnicodeText = 13

func registeredFormat(t *testing.T, name string) uintptr {
	t.Helper()
	p, _ := windows.UTF16PtrFromString(name)
	id, _, err := procRegisterClipboardFmt.Call(uintptr(unsafe.Pointer(p)))
	if id == 0 {
		t.Fatalf("RegisterClipboardFormat(%s): %v", name, err)
	}
	return id
}

// withClipboard runs f with the clipboard open on this thread.
func withClipboard(t *testing.T, f func()) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if r, _, _ := procOpenClipboard.Call(0); r != 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("OpenClipboard: another program holds the clipboard")
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer procCloseClipboard.Call()
	f()
}

// formatData returns the bytes of a format on the open clipboard, nil if
// the format is not there.
func formatData(format uintptr) []byte {
	h, _, _ := procGetClipboardData.Call(format)
	if h == 0 {
		return nil
	}
	size, _, _ := procGlobalSize.Call(h)
	p, _, _ := procGlobalLock.Call(h)
	if p == 0 {
		return nil
	}
	defer procGlobalUnlock.Call(h)
	return append([]byte(nil), unsafe.Slice((*byte)(pointer(p)), size)...)
}

// pointer turns an address that Windows returned into a pointer (memory
// outside Go's heap, which the garbage collector does not move).
func pointer(p uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&p))
}

// utf16Text decodes NUL-terminated UTF-16LE bytes.
func utf16Text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := uint16(b[i]) | uint16(b[i+1])<<8
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return windows.UTF16ToString(u)
}

// setOtherText puts text on the clipboard as another program would.
func setOtherText(t *testing.T, text string) {
	t.Helper()
	u, _ := windows.UTF16FromString(text)
	size := uintptr(len(u) * 2)
	withClipboard(t, func() {
		procEmptyClipboard.Call()
		h, _, err := procGlobalAlloc.Call(0x0002, size) // GMEM_MOVEABLE
		if h == 0 {
			t.Fatalf("GlobalAlloc: %v", err)
		}
		p, _, _ := procGlobalLock.Call(h)
		copy(unsafe.Slice((*uint16)(pointer(p)), len(u)), u)
		procGlobalUnlock.Call(h)
		if r, _, err := procSetClipboardData.Call(cfUnicodeText, h); r == 0 {
			t.Fatalf("SetClipboardData: %v", err)
		}
	})
}

func TestClipboardWindowsExclusion(t *testing.T) {
	e2e.Require(t)
	c, _, _ := newTestClipboard(t)
	if err := c.Copy("123456", 0); err != nil {
		t.Fatal(err)
	}
	withClipboard(t, func() {
		if text := utf16Text(formatData(cfUnicodeText)); text != "123456" {
			t.Errorf("CF_UNICODETEXT holds %q, want 123456", text)
		}
		for _, name := range []string{"ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"} {
			f := registeredFormat(t, name)
			if r, _, _ := procIsFormatAvailable.Call(f); r == 0 {
				t.Errorf("format %s is not on the clipboard", name)
				continue
			}
			if data := formatData(f); len(data) < 4 || data[0]|data[1]|data[2]|data[3] != 0 {
				t.Errorf("format %s holds % x, want a DWORD 0", name, data)
			}
		}
	})
	if got, err := c.Read(); err != nil || got != "123456" {
		t.Errorf("Read() = %q, %v; want 123456", got, err)
	}
}

func TestClipboardWindowsClear(t *testing.T) {
	e2e.Require(t)
	c, ft, results := newTestClipboard(t)

	// Still ours: cleared.
	if err := c.Copy("654321", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	ft.timers[0].f()
	if len(*results) != 1 || (*results)[0] != Cleared {
		t.Fatalf("clear results %v, want [Cleared]", *results)
	}
	if r, _, _ := procIsFormatAvailable.Call(cfUnicodeText); r != 0 {
		if got, _ := c.Read(); got != "" {
			t.Errorf("after the clear the clipboard holds %q", got)
		}
	}

	// Another program copied meanwhile: left alone, whether or not the
	// library's sequence-number poll has noticed yet.
	if err := c.Copy("111111", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	before, _, _ := procGetClipboardSequenceNo.Call()
	setOtherText(t, "the user's own text")
	if after, _, _ := procGetClipboardSequenceNo.Call(); after == before {
		t.Fatal("the clipboard sequence number did not change")
	}
	ft.timers[1].f()
	if len(*results) != 2 || (*results)[1] != Replaced {
		t.Fatalf("clear results %v, want [Cleared Replaced]", *results)
	}
	if got, err := c.Read(); err != nil || got != "the user's own text" {
		t.Errorf("the clipboard holds %q (%v), want the user's own text", got, err)
	}
}

package desktop

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"fyne.io/systray"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/otptray/otptray/icons"
)

const notifyChildEnv = "OTPTRAY_NOTIFY_TEST_CHILD"

// A notification, whether a toast fails or there are no toasts, adds no
// second icon to the notification area: its balloon comes from ours. beeep
// reads the Windows version once, as the process starts, so each case runs
// in a child process of this test binary.
func TestNotifyWindowsAddsNoSecondIcon(t *testing.T) {
	if os.Getenv(notifyChildEnv) == "1" {
		notifyChild(t)
		return
	}
	if !underWine() {
		t.Skip("changes HKLM to choose the toast path: run under Wine only (packaging/windows/test.sh)")
	}
	for _, tc := range []struct {
		name  string
		major uint32 // CurrentMajorVersionNumber, 0 for none
	}{
		{"no toasts (Windows 7)", 0},
		{"a failed toast (Windows 10 under Wine)", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setMajorVersion(t, tc.major)
			if out, ok := runChild(t); !ok {
				t.Fatalf("the child test did not pass:\n%s", out)
			}
		})
	}
}

// runChild runs this test in a child process and reads its output up to
// the verdict. The child is then ended: the exit status is no verdict, as a
// process whose toast failed may hang in its exit under Wine 8, and a
// program it started (explorer) may hold the output open.
func runChild(t *testing.T) (string, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestNotifyWindowsAddsNoSecondIcon$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), notifyChildEnv+"=1")
	cmd.Stderr = cmd.Stdout
	r, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cancel()
	var out strings.Builder
	lines := bufio.NewScanner(r)
	for lines.Scan() {
		out.WriteString(lines.Text() + "\n")
		switch line := strings.TrimSpace(lines.Text()); {
		case strings.HasPrefix(line, "--- PASS: TestNotifyWindowsAddsNoSecondIcon"):
			return out.String(), true
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "panic:"):
			return out.String(), false
		}
	}
	return out.String(), false
}

func notifyChild(t *testing.T) {
	ready := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		systray.Run(func() {
			systray.SetIcon(icons.Tray())
			close(ready)
		}, nil)
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the tray did not start")
	}
	var ours int
	if !poll(5*time.Second, func() bool { ours = len(trayIcons()); return ours > 0 }) {
		t.Fatal("no icon in the notification area")
	}
	t.Logf("%d icon(s) in the notification area", ours)

	shown := balloons() // an earlier child's, still up
	if err := notify("otptray test", "a notification"); err != nil {
		t.Fatalf("notify: %v", err)
	}
	// Wine shows a balloon 2 s after it is asked for; beeep's second icon
	// would be there at once and stay for seconds.
	if !poll(6*time.Second, func() bool {
		for h := range balloons() {
			if !shown[h] {
				return true
			}
		}
		return false
	}) {
		t.Error("no balloon appeared")
	}
	if n := len(trayIcons()); n != ours {
		t.Errorf("%d icons in the notification area after the notification, want %d", n, ours)
	}
}

// trayWindows are Wine's notification areas: the stand-alone tray window
// of winex11 and explorer's taskbar tray.
func trayWindows() []windows.HWND {
	var found []windows.HWND
	for _, class := range []string{"__winex11_standalone_tray", "Shell_TrayWnd"} {
		if h := findWindow(class); h != 0 {
			found = append(found, h)
		}
	}
	return found
}

// trayIcons are the icons in Wine's notification areas, each a child
// window of its own.
func trayIcons() []windows.HWND {
	var found []windows.HWND
	cb := windows.NewCallback(func(h windows.HWND, _ uintptr) uintptr {
		if c := className(h); c == "__winex11_tray_icon" || c == "__wine_tray_icon" {
			found = append(found, h)
		}
		return 1
	})
	for _, tray := range trayWindows() {
		procEnumChildWindows.Call(uintptr(tray), cb, 0)
	}
	return found
}

// balloons are the visible balloons (tooltip windows) that belong to a
// notification area or one of its icons.
func balloons() map[uintptr]bool {
	owners := map[uintptr]bool{}
	for _, h := range append(trayWindows(), trayIcons()...) {
		owners[uintptr(h)] = true
	}
	found := map[uintptr]bool{}
	var after uintptr
	class, _ := windows.UTF16PtrFromString("tooltips_class32")
	for {
		h, _, _ := procFindWindowEx.Call(0, after, uintptr(unsafe.Pointer(class)), 0)
		if h == 0 {
			return found
		}
		after = h
		const GW_OWNER = 4
		owner, _, _ := procGetWindow.Call(h, GW_OWNER)
		if visible, _, _ := procIsWindowVisible.Call(h); visible != 0 && owners[owner] {
			found[h] = true
		}
	}
}

var (
	procEnumChildWindows = user32.NewProc("EnumChildWindows")
	procFindWindow       = user32.NewProc("FindWindowW")
	procFindWindowEx     = user32.NewProc("FindWindowExW")
	procGetClassName     = user32.NewProc("GetClassNameW")
	procGetWindow        = user32.NewProc("GetWindow")
	procIsWindowVisible  = user32.NewProc("IsWindowVisible")
)

func findWindow(class string) windows.HWND {
	p, _ := windows.UTF16PtrFromString(class)
	h, _, _ := procFindWindow.Call(uintptr(unsafe.Pointer(p)), 0)
	return windows.HWND(h)
}

func className(h windows.HWND) string {
	var buf [64]uint16
	n, _, _ := procGetClassName.Call(uintptr(h), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return windows.UTF16ToString(buf[:n])
}

func poll(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); ; time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

// underWine says whether this process runs under Wine, whose ntdll exports
// wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// setMajorVersion sets CurrentMajorVersionNumber (0: removes it) for the
// test and puts the old state back afterwards.
func setMajorVersion(t *testing.T, major uint32) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	old, _, oldErr := k.GetIntegerValue("CurrentMajorVersionNumber")
	if major == 0 {
		err = k.DeleteValue("CurrentMajorVersionNumber")
		if err == registry.ErrNotExist {
			err = nil
		}
	} else {
		err = k.SetDWordValue("CurrentMajorVersionNumber", major)
	}
	if err != nil {
		k.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer k.Close()
		if oldErr == nil {
			k.SetDWordValue("CurrentMajorVersionNumber", uint32(old))
		} else {
			k.DeleteValue("CurrentMajorVersionNumber")
		}
	})
}

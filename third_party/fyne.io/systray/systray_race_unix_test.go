//go:build (linux || freebsd || openbsd || netbsd) && !android

package systray

import (
	"os"
	"sync"
	"testing"
)

// startTestTray exports the tray on the session bus once for the test
// binary, as a program's Run would.
var startTestTray = sync.OnceFunc(func() {
	start, _ := RunWithExternalLoop(func() {}, nil)
	start()
})

// GetLayout reads the menu version while refresh changes it, as the
// refresh that GetLayout itself starts after a reset does (without the
// menu lock). Run with -race: the detector fails the test on a race.
func TestGetLayoutWhileTheVersionChanges(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("needs a session bus (refresh does nothing without one): run in scripts/headless-session")
	}
	startTestTray()
	instance.lock.Lock()
	exported := instance.conn != nil && instance.menuProps != nil
	instance.lock.Unlock()
	if !exported {
		t.Fatal("the tray is not on the session bus")
	}
	item := AddMenuItem("an item", "")
	defer item.Remove()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			refresh(0)
		}
	}()
	last := uint32(0)
	for i := 0; i < 100; i++ {
		v, _, err := instance.GetLayout(0, -1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if v < last {
			t.Fatalf("the menu version went back from %d to %d", last, v)
		}
		last = v
	}
	wg.Wait()
}

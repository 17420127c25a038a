package systray

import (
	"io"
	"log"
	"sync"
	"testing"
	"time"
)

// A click that arrives while its entry is removed (a menu reset closes the
// entry's channel) is dropped, not sent on the closed channel, which would
// panic in the D-Bus or window-message handler.
func TestClickDuringRemove(t *testing.T) {
	// Each click after the removal logs "no menu item".
	defer log.SetOutput(log.Writer())
	log.SetOutput(io.Discard)
	for i := 0; i < 2000; i++ {
		item := newMenuItem("entry", "", nil)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for j := 0; j < 20; j++ {
					systrayMenuItemSelected(item.id)
				}
			}()
		}
		close(start)
		item.Remove()
		wg.Wait()
	}
}

// A click is kept for the entry's receiver when that is busy at the moment
// of the click, instead of being dropped.
func TestClickWhileNobodyReceives(t *testing.T) {
	item := newMenuItem("entry", "", nil)
	defer item.Remove()
	systrayMenuItemSelected(item.id)
	select {
	case <-item.ClickedCh:
	case <-time.After(time.Second):
		t.Fatal("the click was dropped: nobody was receiving at that moment")
	}
}

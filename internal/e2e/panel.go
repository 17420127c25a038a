package e2e

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Panel reads a tray menu as a desktop panel's menu client does, on a bus
// connection of its own (a client the program has not seen before): it
// fetches the layout again when told (LayoutUpdated), opens submenus with
// AboutToShow, GetLayout of the submenu and the "opened" event, and counts
// the signals the menu sends.
type Panel struct {
	conn *dbus.Conn
	name string

	mu      sync.Mutex
	counts  map[string]int // signal member -> how many since the last Counts
	updated chan struct{}  // a LayoutUpdated arrived
}

// NewPanel connects to the menu of the program with process ID pid, whose
// menu FindMenu has already found. The connection closes when the test ends.
func NewPanel(t testing.TB, pid int) *Panel {
	t.Helper()
	p := &Panel{conn: sessionBus(t), name: fmt.Sprintf("%s%d-1", itemNamePrefix, pid),
		counts: map[string]int{}, updated: make(chan struct{}, 1)}
	opts := []dbus.MatchOption{dbus.WithMatchSender(p.name), dbus.WithMatchObjectPath(menuPath)}
	if err := p.conn.AddMatchSignal(opts...); err != nil {
		t.Fatalf("watch tray menu: %v", err)
	}
	signals := make(chan *dbus.Signal, 256)
	p.conn.Signal(signals)
	go func() {
		for s := range signals {
			p.mu.Lock()
			p.counts[s.Name]++
			p.mu.Unlock()
			if s.Name == menuInterface+".LayoutUpdated" {
				select {
				case p.updated <- struct{}{}:
				default:
				}
			}
		}
	}()
	return p
}

// Counts returns how many signals of each kind (by member name, for
// instance "ItemsPropertiesUpdated" or "PropertiesChanged") the menu sent
// since the last call, and starts counting again.
func (p *Panel) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for name, n := range p.counts {
		out[name[lastDot(name)+1:]] = n
	}
	p.counts = map[string]int{}
	return out
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// Sync fetches the whole menu as a panel does when it first shows the icon:
// GetLayout of the root, and again after each LayoutUpdated, until the
// answer holds every submenu's entries (at most ten answers, waiting up to
// 2 s for each LayoutUpdated). It returns the answers in order.
func (p *Panel) Sync(t testing.TB) []Item {
	t.Helper()
	var answers []Item
	for range 10 {
		var (
			revision uint32
			layout   dbusLayout
		)
		if err := p.call(menuInterface+".GetLayout", int32(0), int32(-1), []string{}).Store(&revision, &layout); err != nil {
			t.Fatalf("GetLayout: %v", err)
		}
		root, err := convertLayout(layout)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, root)
		if !cutShort(layout) {
			return answers
		}
		select {
		case <-p.updated:
		case <-time.After(2 * time.Second):
			t.Fatalf("the menu answered GetLayout without all submenus' entries and sent no LayoutUpdated within 2 s; answer %d: %s", len(answers), root)
		}
	}
	t.Fatalf("no whole menu in %d answers to GetLayout", len(answers))
	return nil
}

// AboutToShowGroup asks, as libdbusmenu does for several submenus at once,
// which of the menus ids need their layout fetched again before they are
// shown.
func (p *Panel) AboutToShowGroup(t testing.TB, ids []int32) (updatesNeeded []int32) {
	t.Helper()
	var idErrors []int32
	if err := p.call(menuInterface+".AboutToShowGroup", ids).Store(&updatesNeeded, &idErrors); err != nil {
		t.Fatalf("AboutToShowGroup: %v", err)
	}
	if len(idErrors) > 0 {
		t.Fatalf("AboutToShowGroup: unknown IDs %v", idErrors)
	}
	return updatesNeeded
}

// Open opens the submenu of item id: AboutToShow, GetLayout of the submenu
// (fetched whatever AboutToShow answered, as a panel that shows it fresh
// does), then the "opened" event. It returns the submenu and AboutToShow's
// answer.
func (p *Panel) Open(t testing.TB, id int32) (submenu Item, needUpdate bool) {
	t.Helper()
	if err := p.call(menuInterface+".AboutToShow", id).Store(&needUpdate); err != nil {
		t.Fatalf("AboutToShow %d: %v", id, err)
	}
	var (
		revision uint32
		layout   dbusLayout
	)
	if err := p.call(menuInterface+".GetLayout", id, int32(1), []string{}).Store(&revision, &layout); err != nil {
		t.Fatalf("GetLayout %d: %v", id, err)
	}
	submenu, err := convertLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	p.event(t, id, "opened")
	return submenu, needUpdate
}

// Close sends the "closed" event of the submenu of item id.
func (p *Panel) Close(t testing.TB, id int32) {
	t.Helper()
	p.event(t, id, "closed")
}

func (p *Panel) event(t testing.TB, id int32, event string) {
	t.Helper()
	if err := p.call(menuInterface+".Event", id, event, dbus.MakeVariant(int32(0)), uint32(time.Now().Unix())).Err; err != nil {
		t.Fatalf("event %s on %d: %v", event, id, err)
	}
}

func (p *Panel) call(method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return p.conn.Object(p.name, menuPath).CallWithContext(ctx, method, 0, args...)
}

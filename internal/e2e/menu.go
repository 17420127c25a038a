package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// The names under which fyne.io/systray publishes a tray icon and its menu.
const (
	itemNamePrefix = "org.kde.StatusNotifierItem-"
	itemPath       = dbus.ObjectPath("/StatusNotifierItem")
	menuPath       = dbus.ObjectPath("/StatusNotifierItem/menu")
	menuInterface  = "com.canonical.dbusmenu"
)

// callTimeout bounds each D-Bus call to the program under test.
const callTimeout = 5 * time.Second

// Item is one entry of a tray menu, as the tray publishes it.
type Item struct {
	ID        int32
	Label     string
	Enabled   bool
	Visible   bool
	Separator bool
	Checked   bool // a checkmark item that is ticked
	Children  []Item
}

// Find returns the first item, depth first, for which match is true.
func (it Item) Find(match func(Item) bool) (Item, bool) {
	if match(it) {
		return it, true
	}
	for _, c := range it.Children {
		if found, ok := c.Find(match); ok {
			return found, true
		}
	}
	return Item{}, false
}

// Labels returns the labels of the item's visible children, in order, with
// "---" for a separator: a compact thing to compare in tests.
func (it Item) Labels() []string {
	var labels []string
	for _, c := range it.Children {
		switch {
		case !c.Visible:
		case c.Separator:
			labels = append(labels, "---")
		default:
			labels = append(labels, c.Label)
		}
	}
	return labels
}

// Menu drives the tray menu of one running program over D-Bus.
type Menu struct {
	conn *dbus.Conn
	name string // the bus name of the program's tray icon
}

// FindMenu waits up to timeout for the program with process ID pid to show
// its tray icon, and returns its menu. The connection closes when the test
// ends.
func FindMenu(t testing.TB, pid int, timeout time.Duration) *Menu {
	t.Helper()
	conn := sessionBus(t)
	m := &Menu{conn: conn, name: fmt.Sprintf("%s%d-1", itemNamePrefix, pid)}
	deadline := time.Now().Add(timeout)
	for {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, m.name).Store(&owned)
		if err != nil {
			t.Fatalf("find tray menu: %v", err)
		}
		if owned {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tray icon %s on the session bus within %v", m.name, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// fyne.io/systray answers its first GetLayout with one level only, so
	// that desktop menus build parents first; ask once here so that Layout
	// gets the whole tree. The call also waits for the program's onReady.
	if _, err := m.getLayout(time.Until(deadline)); err != nil {
		t.Fatalf("tray menu of %s: %v", m.name, err)
	}
	return m
}

// sessionBus opens a private connection to the session bus, closed when the
// test ends.
func sessionBus(t testing.TB) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Layout returns the whole menu; the root item (ID 0) holds the entries.
func (m *Menu) Layout(t testing.TB) Item {
	t.Helper()
	root, err := m.getLayout(callTimeout)
	if err != nil {
		t.Fatalf("tray menu layout: %v", err)
	}
	return root
}

// Click clicks the item with the given ID, as a desktop's menu does. The
// program gets the click only if it is waiting for it at that moment:
// fyne.io/systray drops clicks on a ClickedCh that nobody reads.
func (m *Menu) Click(t testing.TB, id int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	err := m.conn.Object(m.name, menuPath).CallWithContext(ctx, menuInterface+".Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
	if err != nil {
		t.Fatalf("click menu item %d: %v", id, err)
	}
}

// Activate is a primary click on the tray icon itself at screen position
// (x, y). fyne.io/systray answers it with an error unless the program set
// an action for it (systray.SetOnTapped).
func (m *Menu) Activate(t testing.TB, x, y int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	err := m.conn.Object(m.name, itemPath).CallWithContext(ctx, "org.kde.StatusNotifierItem.Activate", 0, x, y).Err
	if err != nil {
		t.Fatalf("activate tray icon: %v", err)
	}
}

// WaitLabel waits up to timeout for an item whose label satisfies match and
// returns it. It looks again each time the menu signals a change, and at
// least every 250 ms.
func (m *Menu) WaitLabel(t testing.TB, match func(label string) bool, timeout time.Duration) Item {
	t.Helper()
	var found Item
	m.wait(t, func(root Item) bool {
		var ok bool
		found, ok = root.Find(func(it Item) bool { return it.ID != 0 && match(it.Label) })
		return ok
	}, "no matching menu label", timeout)
	return found
}

// WaitMenu waits up to timeout for the whole menu to satisfy ready, and
// returns it: for instance until a program has finished building its menu
// again, which it does one entry at a time. It looks again each time the
// menu signals a change, and at least every 250 ms.
func (m *Menu) WaitMenu(t testing.TB, ready func(root Item) bool, timeout time.Duration) Item {
	t.Helper()
	return m.wait(t, ready, "the menu is not as expected", timeout)
}

func (m *Menu) wait(t testing.TB, ready func(root Item) bool, failure string, timeout time.Duration) Item {
	t.Helper()
	changed := make(chan *dbus.Signal, 64)
	m.conn.Signal(changed)
	defer m.conn.RemoveSignal(changed)
	opts := []dbus.MatchOption{dbus.WithMatchSender(m.name), dbus.WithMatchObjectPath(menuPath), dbus.WithMatchInterface(menuInterface)}
	if err := m.conn.AddMatchSignal(opts...); err != nil {
		t.Fatalf("watch tray menu: %v", err)
	}
	defer m.conn.RemoveMatchSignal(opts...)

	deadline := time.After(timeout)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		root, err := m.getLayout(callTimeout)
		if err != nil {
			t.Fatalf("tray menu layout: %v", err)
		}
		if ready(root) {
			return root
		}
		select {
		case <-changed:
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s within %v; the menu is %s", failure, timeout, root)
		}
	}
}

// String formats the item and its children one per line, indented, for
// failure messages.
func (it Item) String() string {
	var b strings.Builder
	var write func(it Item, depth int)
	write = func(it Item, depth int) {
		fmt.Fprintf(&b, "\n%s%d %q", strings.Repeat("  ", depth), it.ID, it.Label)
		if it.Separator {
			b.WriteString(" separator")
		}
		if !it.Enabled {
			b.WriteString(" disabled")
		}
		if !it.Visible {
			b.WriteString(" hidden")
		}
		if it.Checked {
			b.WriteString(" checked")
		}
		for _, c := range it.Children {
			write(c, depth+1)
		}
	}
	write(it, 0)
	return b.String()
}

// TrayIcons counts the tray icons (StatusNotifierItem names) on the session
// bus, to check that a second start of the program shows none.
func TrayIcons(t testing.TB) int {
	t.Helper()
	var names []string
	if err := sessionBus(t).BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
		t.Fatalf("list bus names: %v", err)
	}
	n := 0
	for _, name := range names {
		if strings.HasPrefix(name, itemNamePrefix) {
			n++
		}
	}
	return n
}

// dbusLayout is the (ia{sv}av) structure of com.canonical.dbusmenu.GetLayout.
type dbusLayout struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

// getLayout returns the whole menu. fyne.io/systray answers the first
// GetLayout after each reset of the menu with one level only (see FindMenu);
// such an answer, with submenus but none of their entries, is asked again.
func (m *Menu) getLayout(timeout time.Duration) (Item, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Each reset costs one short answer; a few tries are plenty even when
	// the program resets its menu again meanwhile.
	for try := 1; ; try++ {
		var (
			revision uint32
			layout   dbusLayout
		)
		err := m.conn.Object(m.name, menuPath).CallWithContext(ctx, menuInterface+".GetLayout", 0,
			int32(0), int32(-1), []string{}).Store(&revision, &layout)
		if err != nil {
			return Item{}, err
		}
		if !cutShort(layout) || try == 5 {
			return convertLayout(layout)
		}
	}
}

// cutShort says whether a layout holds a submenu without entries: the
// answer of a GetLayout that did not go all the way down. (An entry gets its
// "children-display" property only when its first child is added.)
func cutShort(l dbusLayout) bool {
	if v, ok := l.Props["children-display"]; ok && v.Value() == "submenu" && len(l.Children) == 0 {
		return true
	}
	for _, cv := range l.Children {
		var child dbusLayout
		if err := dbus.Store([]any{cv.Value()}, &child); err != nil {
			return false // convertLayout reports it
		}
		if cutShort(child) {
			return true
		}
	}
	return false
}

// convertLayout turns a GetLayout answer into Items, with the defaults of
// the dbusmenu specification for absent properties.
func convertLayout(l dbusLayout) (Item, error) {
	it := Item{ID: l.ID, Enabled: true, Visible: true}
	for key, v := range l.Props {
		ok := true
		switch key {
		case "label":
			it.Label, ok = v.Value().(string)
		case "enabled":
			it.Enabled, ok = v.Value().(bool)
		case "visible":
			it.Visible, ok = v.Value().(bool)
		case "type":
			var typ string
			typ, ok = v.Value().(string)
			it.Separator = typ == "separator"
		case "toggle-state":
			var state int32
			state, ok = v.Value().(int32)
			it.Checked = state == 1
		}
		if !ok {
			return Item{}, fmt.Errorf("menu item %d: property %s has type %s", l.ID, key, v.Signature())
		}
	}
	for _, cv := range l.Children {
		var child dbusLayout
		if err := dbus.Store([]any{cv.Value()}, &child); err != nil {
			return Item{}, fmt.Errorf("menu item %d: child: %w", l.ID, err)
		}
		c, err := convertLayout(child)
		if err != nil {
			return Item{}, err
		}
		it.Children = append(it.Children, c)
	}
	return it, nil
}

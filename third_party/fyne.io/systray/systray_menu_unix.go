//go:build (linux || freebsd || openbsd || netbsd) && !android

package systray

import (
	"fmt"
	"log"
	"os"
	"reflect"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"fyne.io/systray/internal/generated/menu"
)

// SetIcon sets the icon of a menu item.
// iconBytes should be the content of .ico/.jpg/.png
func (item *MenuItem) SetIcon(iconBytes []byte) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	m, exists := findLayout(int32(item.id))
	if exists {
		setProperties(m, map[string]dbus.Variant{"icon-data": dbus.MakeVariant(iconBytes)})
	}
}

// SetIconFromFilePath sets the icon of a menu item from a file path.
// iconFilePath should be the path to a .ico for windows and .ico/.jpg/.png for other platforms.
func (item *MenuItem) SetIconFromFilePath(iconFilePath string) error {
	iconBytes, err := os.ReadFile(iconFilePath)
	if err != nil {
		return fmt.Errorf("failed to read icon file: %v", err)
	}
	item.SetIcon(iconBytes)
	return nil
}

// copyLayout makes full copy of layout
func copyLayout(in *menuLayout, depth int32) *menuLayout {
	out := menuLayout{
		V0: in.V0,
		V1: make(map[string]dbus.Variant, len(in.V1)),
	}
	for k, v := range in.V1 {
		out.V1[k] = v
	}
	if depth != 0 {
		depth--
		out.V2 = make([]dbus.Variant, len(in.V2))
		for i, v := range in.V2 {
			out.V2[i] = dbus.MakeVariant(copyLayout(v.Value().(*menuLayout), depth))
		}
	} else {
		out.V2 = []dbus.Variant{}
	}
	return &out
}

// layoutLevels holds, per client (bus sender), how many levels of the menu
// its GetLayout of the whole menu was last answered with since the menu was
// last reset; a client not in the map has had none.
//
// libdbusmenu-gtk (the client of Xfce, Cinnamon, MATE and others) puts an
// entry into its parent's GTK submenu only when the entry's properties
// arrive (GetGroupProperties), and drops it for good ("Children but no
// menu") when the parent's submenu does not exist yet. A layout that brings
// an entry together with its submenu's entries makes the client ask for both
// in separate calls, and godbus answers concurrent calls in any order: the
// submenu then opens empty. So each answer to a client goes one level deeper
// than the one before, and a LayoutUpdated a little later makes the client
// ask again, until it has the whole menu: every entry's parent was then known
// to the client one answer earlier. Not yet reported upstream.
var layoutLevels = map[dbus.Sender]int32{}

// levelDelay is how long after a partial answer the client is told to ask
// for the next level: time for it to fetch the properties of the last one.
const levelDelay = 150 * time.Millisecond

// GetLayout is com.canonical.dbusmenu.GetLayout method, for callers that do
// not name themselves; it answers as to a new client.
func (t *tray) GetLayout(parentID int32, recursionDepth int32, propertyNames []string) (revision uint32, layout menuLayout, err *dbus.Error) {
	return t.getLayout("", parentID, recursionDepth, propertyNames)
}

// getLayout is com.canonical.dbusmenu.GetLayout as exported: it knows the
// client asking (see layoutLevels).
func (t *tray) getLayout(sender dbus.Sender, parentID int32, recursionDepth int32, propertyNames []string) (revision uint32, layout menuLayout, err *dbus.Error) {
	initialMenuBuilt.Wait()
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	m, ok := findLayout(parentID)
	if !ok {
		return
	}
	depth := recursionDepth
	if parentID == 0 {
		level, seen := layoutLevels[sender]
		if !seen || level >= 0 {
			level++
			if depth < 0 || depth > level {
				depth = level
			}
			if layoutDepth(m) > depth {
				layoutLevels[sender] = level
				go func() {
					time.Sleep(levelDelay)
					refresh(0)
				}()
			} else {
				layoutLevels[sender] = -1 // has the whole menu
			}
		}
	}
	// refresh writes the version under instance.lock, and the refresh
	// started above runs without menuLock: read it under the same lock.
	instance.lock.Lock()
	version := instance.menuVersion
	instance.lock.Unlock()
	// return copy of menu layout to prevent panic from cuncurrent access to layout
	return version, *copyLayout(m, depth), nil
}

// layoutDepth is how many levels of entries lie below m.
func layoutDepth(m *menuLayout) int32 {
	var deepest int32
	for _, v := range m.V2 {
		if d := layoutDepth(v.Value().(*menuLayout)) + 1; d > deepest {
			deepest = d
		}
	}
	return deepest
}

// GetGroupProperties is com.canonical.dbusmenu.GetGroupProperties method.
func (t *tray) GetGroupProperties(ids []int32, propertyNames []string) (properties []struct {
	V0 int32
	V1 map[string]dbus.Variant
}, err *dbus.Error) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	for _, id := range ids {
		if m, ok := findLayout(id); ok {
			p := struct {
				V0 int32
				V1 map[string]dbus.Variant
			}{
				V0: m.V0,
				V1: make(map[string]dbus.Variant, len(m.V1)),
			}
			for k, v := range m.V1 {
				p.V1[k] = v
			}
			properties = append(properties, p)
		}
	}
	return
}

// GetProperty is com.canonical.dbusmenu.GetProperty method.
func (t *tray) GetProperty(id int32, name string) (value dbus.Variant, err *dbus.Error) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	if m, ok := findLayout(id); ok {
		if p, ok := m.V1[name]; ok {
			return p, nil
		}
	}
	return
}

// Event is com.canonical.dbusmenu.Event method.
func (t *tray) Event(id int32, eventID string, data dbus.Variant, timestamp uint32) (err *dbus.Error) {
	switch eventID {
	case "clicked":
		systrayMenuItemSelected(uint32(id))
	case "opened":
		t.menuLock.RLock()
		rootMenuID := t.menu.V0
		t.menuLock.RUnlock()

		if id == rootMenuID {
			select {
			case TrayOpenedCh <- struct{}{}:
			default:
			}
		}
	}
	return
}

// EventGroup is com.canonical.dbusmenu.EventGroup method.
func (t *tray) EventGroup(events []struct {
	V0 int32
	V1 string
	V2 dbus.Variant
	V3 uint32
}) (idErrors []int32, err *dbus.Error) {
	for _, event := range events {
		if event.V1 == "clicked" {
			systrayMenuItemSelected(uint32(event.V0))
		}
	}
	return
}

// AboutToShow is com.canonical.dbusmenu.AboutToShow method.
func (t *tray) AboutToShow(id int32) (needUpdate bool, err *dbus.Error) {
	return
}

// AboutToShowGroup is com.canonical.dbusmenu.AboutToShowGroup method. Every
// change is signalled as it happens, so no submenu needs an update: an
// answer naming them made libdbusmenu fetch the whole layout again each time
// a submenu opened.
func (t *tray) AboutToShowGroup(ids []int32) (updatesNeeded []int32, idErrors []int32, err *dbus.Error) {
	return
}

func createMenuPropSpec() map[string]map[string]*prop.Prop {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	return map[string]map[string]*prop.Prop{
		"com.canonical.dbusmenu": {
			"Version": {
				Value:    instance.menuVersion,
				Writable: true,
				Emit:     prop.EmitTrue,
				Callback: nil,
			},
			"TextDirection": {
				Value:    "ltr",
				Writable: false,
				Emit:     prop.EmitTrue,
				Callback: nil,
			},
			"Status": {
				Value:    "normal",
				Writable: false,
				Emit:     prop.EmitTrue,
				Callback: nil,
			},
			"IconThemePath": {
				Value:    []string{},
				Writable: false,
				Emit:     prop.EmitTrue,
				Callback: nil,
			},
		},
	}
}

// menuLayout is a named struct to map into generated bindings. It represents the layout of a menu item
type menuLayout = struct {
	V0 int32                   // the unique ID of this item
	V1 map[string]dbus.Variant // properties for this menu item layout
	V2 []dbus.Variant          // child menu item layouts
}

func addOrUpdateMenuItem(item *MenuItem) {
	var layout *menuLayout
	var parentForChildrenDisplayUpdate *menuLayout
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	m, exists := findLayout(int32(item.id))
	if exists {
		layout = m
	} else {
		layout = &menuLayout{
			V0: int32(item.id),
			V1: map[string]dbus.Variant{},
			V2: []dbus.Variant{},
		}

		parent := instance.menu
		if item.parent != nil {
			m, ok := findLayout(int32(item.parent.id))
			if ok {
				parent = m
				if _, already := parent.V1["children-display"]; !already {
					parent.V1["children-display"] = dbus.MakeVariant("submenu")
					if parent.V0 != 0 {
						parentForChildrenDisplayUpdate = parent
					}
				}
			}
		}
		parent.V2 = append(parent.V2, dbus.MakeVariant(layout))
	}

	if exists {
		// A change of properties only: the spec asks for no LayoutUpdated,
		// which makes clients fetch the whole layout again.
		props := map[string]dbus.Variant{}
		applyItemToLayout(item, &menuLayout{V1: props})
		setProperties(layout, props)
		return
	}
	applyItemToLayout(item, layout)
	// We've added "children-display", that's a property change
	if parentForChildrenDisplayUpdate != nil {
		emitItemsPropertiesUpdated([]itemProperties{{parentForChildrenDisplayUpdate.V0, parentForChildrenDisplayUpdate.V1}})
	}
	// New item appended to a parent's children,
	// that's a structural change, so LayoutUpdated signal is required
	refresh(parentID(item))
}

// parentID is the ID of the menu that holds item, 0 for the top level.
func parentID(item *MenuItem) int32 {
	if item.parent == nil {
		return 0
	}
	return int32(item.parent.id)
}

func addSeparator(id uint32, parent uint32) {
	menu, _ := findLayout(int32(parent))

	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	layout := &menuLayout{
		V0: int32(id),
		V1: map[string]dbus.Variant{
			"type": dbus.MakeVariant("separator"),
		},
		V2: []dbus.Variant{},
	}
	menu.V2 = append(menu.V2, dbus.MakeVariant(layout))
	refresh(int32(parent))
}

func applyItemToLayout(in *MenuItem, out *menuLayout) {
	out.V1["enabled"] = dbus.MakeVariant(!in.disabled)
	out.V1["label"] = dbus.MakeVariant(in.title)

	if in.isCheckable {
		out.V1["toggle-type"] = dbus.MakeVariant("checkmark")
		if in.checked {
			out.V1["toggle-state"] = dbus.MakeVariant(1)
		} else {
			out.V1["toggle-state"] = dbus.MakeVariant(0)
		}
	} else {
		out.V1["toggle-type"] = dbus.MakeVariant("")
		out.V1["toggle-state"] = dbus.MakeVariant(0)
	}
}

func findLayout(id int32) (*menuLayout, bool) {
	if id == 0 {
		return instance.menu, true
	}
	return findSubLayout(id, instance.menu.V2)
}

func findSubLayout(id int32, vals []dbus.Variant) (*menuLayout, bool) {
	for _, i := range vals {
		item := i.Value().(*menuLayout)
		if item.V0 == id {
			return item, true
		}

		if len(item.V2) > 0 {
			child, ok := findSubLayout(id, item.V2)
			if ok {
				return child, true
			}
		}
	}

	return nil, false
}

func removeSubLayout(id int32, vals []dbus.Variant) ([]dbus.Variant, bool) {
	for idx, i := range vals {
		item := i.Value().(*menuLayout)
		if item.V0 == id {
			return append(vals[:idx], vals[idx+1:]...), true
		}

		if len(item.V2) > 0 {
			if child, removed := removeSubLayout(id, item.V2); removed {
				return child, true
			}
		}
	}

	return vals, false
}

func removeMenuItem(item *MenuItem) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()

	parent := instance.menu
	if item.parent != nil {
		m, ok := findLayout(int32(item.parent.id))
		if !ok {
			return
		}
		parent = m
	}

	if items, removed := removeSubLayout(int32(item.id), parent.V2); removed {
		parent.V2 = items
		refresh(parent.V0)
	}
}

func hideMenuItem(item *MenuItem) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	m, exists := findLayout(int32(item.id))
	if exists {
		setProperties(m, map[string]dbus.Variant{"visible": dbus.MakeVariant(false)})
	}
}

func showMenuItem(item *MenuItem) {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	m, exists := findLayout(int32(item.id))
	if exists {
		setProperties(m, map[string]dbus.Variant{"visible": dbus.MakeVariant(true)})
	}
}

// itemProperties is one entry of an ItemsPropertiesUpdated signal.
type itemProperties = struct {
	V0 int32
	V1 map[string]dbus.Variant
}

// While a Batch runs (batchDepth > 0), the properties changed wait in
// pendingProps, in the order of first change, to go out in one signal.
// Both are guarded by instance.menuLock.
var (
	batchDepth   int
	pendingProps []itemProperties
)

// Batch runs fn, sending the changes of properties that fn makes to menu
// items (titles, tooltips, states) as one update at its end: on Linux one
// ItemsPropertiesUpdated signal for all the items changed, instead of one per
// change.
func Batch(fn func()) {
	instance.menuLock.Lock()
	batchDepth++
	instance.menuLock.Unlock()
	defer func() {
		instance.menuLock.Lock()
		defer instance.menuLock.Unlock()
		batchDepth--
		if batchDepth == 0 && len(pendingProps) > 0 {
			emitItemsPropertiesUpdated(pendingProps)
			pendingProps = nil
		}
	}()
	fn()
}

// setProperties sets props on m and signals those whose value changed, at
// once or at the end of the Batch running. The caller holds menuLock.
func setProperties(m *menuLayout, props map[string]dbus.Variant) {
	changed := map[string]dbus.Variant{}
	for k, v := range props {
		if old, ok := m.V1[k]; ok && old.Signature() == v.Signature() && reflect.DeepEqual(old.Value(), v.Value()) {
			continue
		}
		m.V1[k] = v
		changed[k] = v
	}
	if len(changed) == 0 {
		return
	}
	if batchDepth == 0 {
		emitItemsPropertiesUpdated([]itemProperties{{m.V0, changed}})
		return
	}
	for _, p := range pendingProps {
		if p.V0 == m.V0 {
			for k, v := range changed {
				p.V1[k] = v
			}
			return
		}
	}
	pendingProps = append(pendingProps, itemProperties{m.V0, changed})
}

// emitItemsPropertiesUpdated emits the com.canonical.dbusmenu.ItemsPropertiesUpdated
// signal so desktop clients refresh per-item state (label, enabled, toggle-state,
// visible, icon-data) without re-querying the whole layout.
func emitItemsPropertiesUpdated(items []itemProperties) {
	instance.lock.Lock()
	conn := instance.conn
	instance.lock.Unlock()
	if conn == nil {
		return
	}
	err := menu.Emit(conn, &menu.Dbusmenu_ItemsPropertiesUpdatedSignal{
		Path: menuPath,
		Body: &menu.Dbusmenu_ItemsPropertiesUpdatedSignalBody{
			UpdatedProps: items,
		},
	})
	if err != nil {
		log.Printf("systray error: failed to emit items properties updated signal: %v\n", err)
	}
}

// refresh tells clients that the entries of the menu parent (0 for the
// whole menu) changed: a new revision of the layout.
func refresh(parent int32) {
	instance.lock.Lock()
	defer instance.lock.Unlock()
	if instance.conn == nil || instance.menuProps == nil {
		return
	}
	instance.menuVersion++
	dbusErr := instance.menuProps.Set("com.canonical.dbusmenu", "Version",
		dbus.MakeVariant(instance.menuVersion))
	if dbusErr != nil {
		log.Printf("systray error: failed to update menu version: %v\n", dbusErr)
		return
	}
	err := menu.Emit(instance.conn, &menu.Dbusmenu_LayoutUpdatedSignal{
		Path: menuPath,
		Body: &menu.Dbusmenu_LayoutUpdatedSignalBody{
			Revision: instance.menuVersion,
			Parent:   parent,
		},
	})
	if err != nil {
		log.Printf("systray error: failed to emit layout updated signal: %v\n", err)
	}
}

func resetMenu() {
	instance.menuLock.Lock()
	defer instance.menuLock.Unlock()
	instance.menu = &menuLayout{}
	instance.lock.Lock()
	instance.menuVersion++
	instance.lock.Unlock()
	layoutLevels = map[dbus.Sender]int32{}
	refresh(0)
}

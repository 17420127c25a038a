package tray

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"fyne.io/systray"

	"github.com/otptray/otptray/tray/menu"
)

// menuLabel escapes the characters that menus take as the mark of a
// keyboard shortcut: "_" in D-Bus menus (Linux), "&" in Windows menus. A
// token named "my_bank" must not lose its underscore.
func menuLabel(s string) string {
	switch runtime.GOOS {
	case "windows":
		return strings.ReplaceAll(s, "&", "&&")
	case "darwin":
		return s
	}
	return strings.ReplaceAll(s, "_", "__")
}

// trayUI shows the menu model with fyne.io/systray. It remembers what each
// item shows, so that an update calls only the setters whose value changed.
type trayUI struct {
	items  map[string]*systray.MenuItem
	shown  map[string]menu.Flat
	clicks func(key string)
	built  bool
}

func newTrayUI(clicks func(key string)) *trayUI {
	return &trayUI{clicks: clicks}
}

// Rebuild replaces the whole menu. systray can only append items, so a
// change of structure (a token added or removed) starts over; such changes
// are rare.
//
// systray publishes each item as it is added and drops a click that no
// forwarder is waiting for, so a menu half built, or built but not yet
// listened to, loses clicks. The last entry (Quit) is therefore added
// disabled and enabled only when the forwarders of all entries run: a menu
// whose last entry is enabled is whole and answers every click. Tests wait
// for that; a desktop, which greys the entry out meanwhile, lets nobody
// click too early.
func (u *trayUI) Rebuild(m menu.Menu) {
	if u.built {
		// Closes the ClickedCh of every item, which ends its forwarder.
		systray.ResetMenu()
	}
	u.built = true
	u.items = map[string]*systray.MenuItem{}
	u.shown = map[string]menu.Flat{}
	flat := menu.Flatten(m.Entries)
	last := -1
	for i, f := range flat {
		if !f.Separator {
			last = i
		}
	}
	parents := map[string]bool{}
	for _, f := range flat {
		parents[f.Parent] = true
	}
	// Windows systray hides an item by taking it out of its menu, and then
	// cannot add entries under it (they are lost): a hidden submenu gets
	// its entries first and is hidden after. Not yet reported upstream.
	var hideLater []*systray.MenuItem
	var listening sync.WaitGroup
	for i, f := range flat {
		parent := u.items[f.Parent]
		if f.Separator {
			if parent == nil {
				systray.AddSeparator()
			} else {
				parent.AddSeparator()
			}
			continue
		}
		var it *systray.MenuItem
		switch {
		case parent == nil && f.Checkable:
			it = systray.AddMenuItemCheckbox(menuLabel(f.Label), f.Tooltip, f.Checked)
		case parent == nil:
			it = systray.AddMenuItem(menuLabel(f.Label), f.Tooltip)
		case f.Checkable:
			it = parent.AddSubMenuItemCheckbox(menuLabel(f.Label), f.Tooltip, f.Checked)
		default:
			it = parent.AddSubMenuItem(menuLabel(f.Label), f.Tooltip)
		}
		if !f.Enabled || i == last {
			it.Disable()
		}
		switch {
		case !f.Visible && parents[f.Key]:
			hideLater = append(hideLater, it)
		case !f.Visible:
			it.Hide()
		}
		u.items[f.Key] = it
		u.shown[f.Key] = f
		listening.Add(1)
		go forward(it.ClickedCh, f.Key, u.clicks, listening.Done)
	}
	for _, it := range slices.Backward(hideLater) {
		it.Hide()
	}
	listening.Wait()
	if last >= 0 && flat[last].Enabled {
		u.items[flat[last].Key].Enable()
	}
}

// forward passes the clicks of one item on, until systray closes its
// channel. It must always be ready to receive: systray drops a click that
// nobody is waiting for. It calls started as it begins to listen.
//
// A click taken just before a rebuild reaches the app after it; its key
// names what was clicked (a token's ID, a setting), not a position, and the
// app looks its action up in the menu it shows then, so it still means the
// same, and a key whose entry is gone does nothing. A click on an entry
// already removed is dropped by systray itself.
func forward(ch <-chan struct{}, key string, clicks func(string), started func()) {
	started()
	for range ch {
		clicks(key)
	}
}

// Update changes entries in place, in one update of the desktop's menu
// (systray.Batch): on Linux one D-Bus signal per refresh, not three per
// setter.
func (u *trayUI) Update(changed []menu.Flat) {
	systray.Batch(func() { u.update(changed) })
}

func (u *trayUI) update(changed []menu.Flat) {
	for _, f := range changed {
		it := u.items[f.Key]
		old, ok := u.shown[f.Key]
		if it == nil || !ok {
			continue
		}
		if f.Label != old.Label {
			it.SetTitle(menuLabel(f.Label))
		}
		if f.Tooltip != old.Tooltip {
			it.SetTooltip(f.Tooltip)
		}
		if f.Enabled != old.Enabled {
			if f.Enabled {
				it.Enable()
			} else {
				it.Disable()
			}
		}
		if f.Checked != old.Checked {
			if f.Checked {
				it.Check()
			} else {
				it.Uncheck()
			}
		}
		if f.Visible != old.Visible {
			if f.Visible {
				it.Show()
			} else {
				it.Hide()
			}
		}
		u.shown[f.Key] = f
	}
}

func (u *trayUI) SetTooltip(text string) { systray.SetTooltip(text) }

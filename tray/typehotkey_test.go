package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/menu"
)

// TestTypeHotkeyFromSettingsMenu: Settings › Type hotkey ticks the
// combination in use, changes it, turns it off and on, and shows one set
// in the file that it does not offer.
func TestTypeHotkeyFromSettingsMenu(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	def, other := typeHotkeyChoices[0], typeHotkeyChoices[1]
	if !h.ui.entries[menu.KeyTypeHotkeyCombo+def].Checked || !h.ui.entries[menu.KeyTypeHotkeyOn].Checked {
		t.Fatalf("at start %s is not ticked, or the type hotkey not on", def)
	}
	if !slices.Contains(h.sys.hotkeys, def) {
		t.Fatalf("registered %v, want %s among them", h.sys.hotkeys, def)
	}

	h.click(menu.KeyTypeHotkeyCombo+other, now)
	h.refresh(now.Add(time.Second))
	if p := h.prefs(t); p.TypeHotkey != other {
		t.Errorf("after choosing %s the file says %q", other, p.TypeHotkey)
	}
	if !slices.Contains(h.sys.hotkeys, other) || slices.Contains(h.sys.hotkeys, def) {
		t.Errorf("registered %v after choosing %s", h.sys.hotkeys, other)
	}
	if !h.ui.entries[menu.KeyTypeHotkeyCombo+other].Checked || h.ui.entries[menu.KeyTypeHotkeyCombo+def].Checked {
		t.Error("the menu does not tick the new choice alone")
	}

	h.click(menu.KeyTypeHotkeyOn, now.Add(2*time.Second))
	h.refresh(now.Add(3 * time.Second))
	if slices.Contains(h.sys.hotkeys, other) || !h.prefs(t).TypeHotkeyOff || h.ui.entries[menu.KeyTypeHotkeyOn].Checked {
		t.Errorf("turned off: registered %v, prefs %+v", h.sys.hotkeys, h.prefs(t))
	}

	// Choosing the default again turns it on and stores no combination.
	h.click(menu.KeyTypeHotkeyCombo+def, now.Add(4*time.Second))
	h.refresh(now.Add(5 * time.Second))
	if p := h.prefs(t); p.TypeHotkey != "" || p.TypeHotkeyOff || !slices.Contains(h.sys.hotkeys, def) {
		t.Errorf("back to the default: prefs %+v, registered %v", p, h.sys.hotkeys)
	}

	h.setPrefs(func(p *prefs.Prefs) { p.TypeHotkey = "Ctrl+Alt+F9" })
	h.refresh(now.Add(6 * time.Second))
	custom := canonicalCombo("Ctrl+Alt+F9")
	if e, ok := h.ui.entries[menu.KeyTypeHotkeyCombo+custom]; !ok || !e.Checked {
		t.Errorf("a combination set in the file is not shown ticked (%+v)", e)
	}
}

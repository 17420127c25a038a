package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// TestSettingsFromAnotherProgram: settings that another program writes to
// the tokens file (otptray-cli set, through prefs' fields on a store of its
// own) take effect in the running tray at its next refresh, without a
// restart.
func TestSettingsFromAnotherProgram(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	if !slices.Equal(sortedHotkeys(h), []string{"Win+Alt+O", prefs.DefaultTypeHotkey}) || h.ui.entries[menu.KeyHotkeyCombo+"Win+Alt+Y"].Checked {
		t.Fatalf("at start: registered %v", h.sys.hotkeys)
	}

	other := token.Open(h.store.Dir, keyringtest.New(token.ErrNoSecret))
	for _, kv := range [][2]string{{"hotkey", "super+alt+y"}, {"notify", "change"}, {"language", "ja"}} {
		f, err := prefs.Lookup(kv[0], false)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.Update(f.Set("", []string{kv[1]})); err != nil {
			t.Fatalf("set %s: %v", kv[0], err)
		}
	}

	h.refresh(now.Add(time.Second))
	if !slices.Equal(sortedHotkeys(h), []string{prefs.DefaultTypeHotkey, "Win+Alt+Y"}) {
		t.Errorf("registered %v after the file changed, want Win+Alt+Y", h.sys.hotkeys)
	}
	if !h.ui.entries[menu.KeyHotkeyCombo+"Win+Alt+Y"].Checked || h.ui.entries[menu.KeyHotkeyCombo+"Win+Alt+O"].Checked {
		t.Error("the Settings menu does not tick the hotkey from the file")
	}
	if !h.ui.entries[menu.KeyNotifyMode+"change"].Checked {
		t.Error("the Settings menu does not tick the notification mode from the file")
	}
	if got := h.ui.label(t, menu.KeySettings); got != "設定" {
		t.Errorf("Settings reads %q after the language became ja", got)
	}

	// A setting the tray's own menu then changes keeps the other's.
	h.click(menu.KeyNotifyMode+"off", now.Add(2*time.Second))
	if p := h.prefs(t); p.Hotkey != "Win+Alt+Y" || p.Notify != menu.NotifyOff {
		t.Errorf("after the tray's own change: %+v", p)
	}
}

package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/menu"
)

// TestNumberHotkeys: the Settings switches register the number hotkeys of
// the tokens in menu order, a token's own hotkey keeps its combination,
// each preset types or copies its token, and turning a switch off
// releases its hotkeys.
func TestNumberHotkeys(t *testing.T) {
	h := newHarness(t, vipToken(), bankToken())
	h.setPrefs(func(p *prefs.Prefs) { p.SetToken("bank", prefs.TokenPrefs{TypeHotkey: "Win+Alt+1"}) })
	now := unix(vecBoundary - 10)
	h.start(now)
	h.click(menu.KeyNumberHotkeys+"type", now)
	h.click(menu.KeyNumberHotkeys+"copy", now)
	if p := h.prefs(t); !p.NumberTypeHotkeys || !p.NumberCopyHotkeys {
		t.Fatalf("the switches did not take: %+v", p)
	}
	want := []string{"Win+Alt+1", "Win+Alt+2", "Win+Alt+O", "Win+Alt+T", "Win+Ctrl+1", "Win+Ctrl+2"}
	if got := sortedHotkeys(h); !slices.Equal(got, want) {
		t.Fatalf("registered %v, want %v", got, want)
	}
	// Win+Alt+1 stays bank's own: it types bank, not vip1 (the first).
	h.press(t, "Win+Alt+1", now)
	h.next(t, now)
	h.press(t, "Win+Alt+2", now)
	h.next(t, now)
	if len(h.sys.plans) != 2 || h.sys.plans[0][0] != text(bankCodeAt(t, now)) || h.sys.plans[1][0] != text(bankCodeAt(t, now)) {
		t.Errorf("plans %v, want bank's code twice", h.sys.plans)
	}
	h.press(t, "Win+Ctrl+1", now)
	if want := []copied{{vecCodeBefore, 30 * time.Second}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("copied %v, want vip1's code", h.sys.copied)
	}
	if got := h.ui.label(t, menu.KeyCode+"vip1"); got != "VIP Access  081 804  ★    "+desktop.HotkeyLabel("Win+Ctrl+1") {
		t.Errorf("vip1's entry %q", got)
	}

	h.click(menu.KeyNumberHotkeys+"type", now)
	want = []string{"Win+Alt+1", "Win+Alt+O", "Win+Alt+T", "Win+Ctrl+1", "Win+Ctrl+2"}
	if got := sortedHotkeys(h); !slices.Equal(got, want) {
		t.Errorf("after the type switch is off: %v, want %v", got, want)
	}
}

func bankCodeAt(t *testing.T, now time.Time) string {
	t.Helper()
	w, err := bankToken().WindowAt(now, 0)
	if err != nil {
		t.Fatal(err)
	}
	return w.Code
}

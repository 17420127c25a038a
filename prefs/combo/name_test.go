package combo

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
)

// The name each platform's keyboards give the Windows key.
var wantWinKey = map[string]string{"windows": "Win", "darwin": "Cmd", "linux": "Super", "freebsd": "Super"}

func TestHotkeyLabel(t *testing.T) {
	win, ok := wantWinKey[runtime.GOOS]
	if !ok {
		t.Skipf("no expected name of the Windows key on %s", runtime.GOOS)
	}
	if WinKeyName != win {
		t.Errorf("WinKeyName = %q on %s, want %q", WinKeyName, runtime.GOOS, win)
	}
	for in, want := range map[string]string{
		DefaultHotkey:       win + "+Alt+O",
		"super+shift+alt+o": win + "+Shift+Alt+O",
		"Cmd+Option+Y":      win + "+Alt+Y",
		"Ctrl+Alt+F9":       "Ctrl+Alt+F9",
		"Win+Win+O":         "Win+Win+O", // does not parse: shown as written
	} {
		if got := HotkeyLabel(in); got != want {
			t.Errorf("HotkeyLabel(%q) = %q, want %q", in, got, want)
		}
		if h, err := ParseHotkey(want); err == nil && h.String() != strings.ReplaceAll(want, win, "Win") {
			t.Errorf("ParseHotkey(%q).String() = %q: a label must read back as the same combination", want, h.String())
		}
	}
	// The settings keep one spelling on every platform.
	if h, _ := ParseHotkey("super+alt+o"); h.String() != "Win+Alt+O" {
		t.Errorf("String() = %q, want Win+Alt+O on every platform", h.String())
	}
}

func TestHotkeyErrorsNameTheKeyAsThePlatform(t *testing.T) {
	win := wantWinKey[runtime.GOOS]
	if win == "" {
		t.Skipf("no expected name of the Windows key on %s", runtime.GOOS)
	}
	loc := i18n.New("en")
	for in, want := range map[string]string{
		"":        "(for example " + win + "+Alt+O)",
		"Win+":    "a part between two + signs is empty",
		"Win":     "(for example " + win + "+Alt+O)",
		"Shift+O": "Shift+O would fire while typing",
	} {
		_, err := ParseHotkey(in)
		var e *msg.Error
		if !errors.As(err, &e) {
			t.Fatalf("ParseHotkey(%q) = %v, want a catalogue error", in, err)
		}
		if got := loc.Err(err); !strings.Contains(got, want) {
			t.Errorf("ParseHotkey(%q): %q, want it to contain %q", in, got, want)
		}
	}
}

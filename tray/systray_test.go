package tray

import (
	"runtime"
	"testing"
)

func TestMenuLabelKeepsMnemonicCharacters(t *testing.T) {
	want := map[string]string{
		"windows": "R&&D my_bank",
		"darwin":  "R&D my_bank",
	}[runtime.GOOS]
	if want == "" {
		want = "R&D my__bank" // D-Bus menus: "__" shows one underscore
	}
	if got := menuLabel("R&D my_bank"); got != want {
		t.Errorf("menuLabel = %q, want %q on %s", got, want, runtime.GOOS)
	}
}

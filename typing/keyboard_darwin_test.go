package typing

import "testing"

// The Quartz functions load and answer; typing itself needs the
// Accessibility permission and a window, which a test machine may lack.
func TestMacKeyboardLoads(t *testing.T) {
	kb, err := newKeyboard()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.close()
	if _, err := kb.held(); err != nil {
		t.Fatal(err)
	}
	if err := kb.press(Key(99)); err == nil {
		t.Fatal("press(99) typed something, want an error")
	}
}

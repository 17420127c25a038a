package typing

import (
	"fmt"
	"unicode/utf16"

	"github.com/ebitengine/purego"

	"github.com/otptray/otptray/internal/msg"
)

// Quartz Event Services, called through purego as the clipboard library
// does on macOS, so that the tray needs no cgo there.
const (
	coreGraphicsPath     = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
	coreFoundationPath   = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
	appServicesPath      = "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
	hidEventTap          = 0 // kCGHIDEventTap
	combinedSessionState = 0 // kCGEventSourceStateCombinedSessionState
	keyCodeTab           = 0x30
	keyCodeReturn        = 0x24
	flagShift            = 0x00020000 // kCGEventFlagMaskShift
	flagControl          = 0x00040000
	flagAlternate        = 0x00080000
	flagCommand          = 0x00100000
)

// macKeyboard posts keyboard events as if from the keyboard (the HID tap).
type macKeyboard struct {
	createKeyboardEvent func(source uintptr, key uint16, down bool) uintptr
	setUnicodeString    func(event uintptr, n uint64, s *uint16)
	post                func(tap uint32, event uintptr)
	flagsState          func(state int32) uint64
	release             func(ref uintptr)
	trusted             func() bool
}

func newKeyboard() (keyboard, error) {
	var k macKeyboard
	for _, lib := range []struct {
		path  string
		funcs map[string]any
	}{
		{coreGraphicsPath, map[string]any{
			"CGEventCreateKeyboardEvent":      &k.createKeyboardEvent,
			"CGEventKeyboardSetUnicodeString": &k.setUnicodeString,
			"CGEventPost":                     &k.post,
			"CGEventSourceFlagsState":         &k.flagsState,
		}},
		{coreFoundationPath, map[string]any{"CFRelease": &k.release}},
		{appServicesPath, map[string]any{"AXIsProcessTrusted": &k.trusted}},
	} {
		h, err := purego.Dlopen(lib.path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", lib.path, err)
		}
		for name, f := range lib.funcs {
			sym, err := purego.Dlsym(h, name)
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", name, err)
			}
			purego.RegisterFunc(f, sym)
		}
	}
	return &k, nil
}

// checkTrusted: without the Accessibility permission macOS drops posted
// events without a word, so say so instead.
func (k *macKeyboard) checkTrusted() error {
	if !k.trusted() {
		return msg.New("typing.mac.accessibility", nil)
	}
	return nil
}

// typeText posts one key press and release per character, carrying the
// character itself (CGEventKeyboardSetUnicodeString): it arrives as that
// character whatever the keyboard layout. One character an event, as some
// programs read only the first of a longer string.
func (k *macKeyboard) typeText(s string) error {
	if err := k.checkTrusted(); err != nil {
		return err
	}
	for _, r := range s {
		units := utf16.Encode([]rune{r})
		for _, down := range []bool{true, false} {
			ev := k.createKeyboardEvent(0, 0, down)
			if ev == 0 {
				return fmt.Errorf("type %q: CGEventCreateKeyboardEvent failed", r)
			}
			k.setUnicodeString(ev, uint64(len(units)), &units[0])
			k.post(hidEventTap, ev)
			k.release(ev)
		}
	}
	return nil
}

func (k *macKeyboard) press(key Key) error {
	var code uint16
	switch key {
	case KeyTab:
		code = keyCodeTab
	case KeyEnter:
		code = keyCodeReturn
	default:
		return fmt.Errorf("press: no macOS key for key %d", key)
	}
	if err := k.checkTrusted(); err != nil {
		return err
	}
	for _, down := range []bool{true, false} {
		ev := k.createKeyboardEvent(0, code, down)
		if ev == 0 {
			return fmt.Errorf("press key %d: CGEventCreateKeyboardEvent failed", key)
		}
		k.post(hidEventTap, ev)
		k.release(ev)
	}
	return nil
}

// held reads the combined state of the session, which has the keys the
// user holds and those that programs posted.
func (k *macKeyboard) held() (Modifiers, error) {
	f := k.flagsState(combinedSessionState)
	var m Modifiers
	for _, b := range []struct {
		flag uint64
		mod  Modifiers
	}{{flagShift, ModShift}, {flagControl, ModCtrl}, {flagAlternate, ModAlt}, {flagCommand, ModSuper}} {
		if f&b.flag != 0 {
			m |= b.mod
		}
	}
	return m, nil
}

// anyDown is not built on macOS yet (it needs the state of every key
// code, CGEventSourceKeyState in a loop): a wait there ends only by a
// focus change or the caller.
func (k *macKeyboard) anyDown() (bool, error) { return false, errNoKeyState }

func (k *macKeyboard) close() error { return nil }

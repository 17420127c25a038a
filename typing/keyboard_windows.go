package typing

import (
	"fmt"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/msg"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	procSendInput        = user32.NewProc("SendInput")
	procGetAsyncKeyState = user32.NewProc("GetAsyncKeyState")
	procMapVirtualKey    = user32.NewProc("MapVirtualKeyW")
)

const (
	inputKeyboard     = 1 // INPUT_KEYBOARD
	keyeventfKeyUp    = 0x0002
	keyeventfUnicode  = 0x0004
	mapvkVKToVSC      = 0 // MAPVK_VK_TO_VSC
	asyncKeyStateDown = 0x8000
)

// keybdInput is KEYBDINPUT.
type keybdInput struct {
	vk, scan    uint16
	flags, time uint32
	extraInfo   uintptr
}

// input is INPUT holding a KEYBDINPUT: the union's size is that of its
// largest member, MOUSEINPUT, which is 8 bytes longer on every Windows
// architecture (32 against 24 bytes on 64-bit systems, 24 against 16 on
// 32-bit ones).
type input struct {
	typ uint32
	ki  keybdInput
	_   [8]byte
}

// modifierKeys are the virtual keys that, held, would turn typed digits
// into shortcuts. VK_MENU, VK_CONTROL and VK_SHIFT cover both sides.
var modifierKeys = [...]struct {
	vk  uint16
	mod Modifiers
}{
	{windows.VK_LWIN, ModSuper}, {windows.VK_RWIN, ModSuper},
	{windows.VK_MENU, ModAlt}, {windows.VK_CONTROL, ModCtrl}, {windows.VK_SHIFT, ModShift},
}

// winKeyboard types through SendInput.
type winKeyboard struct{}

func newKeyboard() (keyboard, error) { return winKeyboard{}, nil }

// typeText sends each UTF-16 unit of text as a KEYEVENTF_UNICODE press and
// release: Windows delivers it as that character whatever the keyboard
// layout (VK_PACKET), so digits arrive as digits on AZERTY and Japanese
// layouts too. One SendInput call, so the user's own keys cannot fall in
// between.
func (winKeyboard) typeText(text string) error {
	units := utf16.Encode([]rune(text))
	in := make([]input, 0, 2*len(units))
	for _, u := range units {
		in = append(in,
			input{typ: inputKeyboard, ki: keybdInput{scan: u, flags: keyeventfUnicode}},
			input{typ: inputKeyboard, ki: keybdInput{scan: u, flags: keyeventfUnicode | keyeventfKeyUp}})
	}
	return send(in)
}

// press presses and releases Tab or Enter as the virtual key, which programs
// handle as the key itself (next field, submit), not as a character.
func (winKeyboard) press(k Key) error {
	var vk uint16
	switch k {
	case KeyTab:
		vk = windows.VK_TAB
	case KeyEnter:
		vk = windows.VK_RETURN
	default:
		return fmt.Errorf("press: no Windows key for key %d", k)
	}
	scan, _, _ := procMapVirtualKey.Call(uintptr(vk), mapvkVKToVSC)
	return send([]input{
		{typ: inputKeyboard, ki: keybdInput{vk: vk, scan: uint16(scan)}},
		{typ: inputKeyboard, ki: keybdInput{vk: vk, scan: uint16(scan), flags: keyeventfKeyUp}},
	})
}

// held asks GetAsyncKeyState, which reports the keys' state now (also
// keys that SendInput pressed), not the state of some thread's message
// queue.
func (winKeyboard) held() (Modifiers, error) {
	var m Modifiers
	for _, k := range modifierKeys {
		if s, _, _ := procGetAsyncKeyState.Call(uintptr(k.vk)); s&asyncKeyStateDown != 0 {
			m |= k.mod
		}
	}
	return m, nil
}

// close has nothing to let go of: SendInput needs no connection.
// anyDown asks GetAsyncKeyState for every virtual key but the mouse
// buttons (VK_LBUTTON 0x01 to VK_XBUTTON2 0x06, without VK_CANCEL 0x03).
func (winKeyboard) anyDown() (bool, error) {
	for vk := uintptr(0x03); vk <= 0xFE; vk++ {
		if vk == 0x04 || vk == 0x05 || vk == 0x06 {
			continue
		}
		if s, _, _ := procGetAsyncKeyState.Call(vk); s&asyncKeyStateDown != 0 {
			return true, nil
		}
	}
	return false, nil
}

func (winKeyboard) close() error { return nil }

// send checks first that the window in front accepts our input: Windows
// drops input to a program of higher integrity (one that runs as
// administrator) without saying so in SendInput's result (User Interface
// Privilege Isolation). SendInput then reports how many events it took.
func send(in []input) error {
	if len(in) == 0 {
		return nil
	}
	if err := checkForeground(); err != nil {
		return err
	}
	n, _, err := procSendInput.Call(uintptr(len(in)), uintptr(unsafe.Pointer(&in[0])), unsafe.Sizeof(in[0]))
	if int(n) == len(in) {
		return nil
	}
	if err == windows.ERROR_ACCESS_DENIED {
		return msg.New("typing.windows.elevated", err)
	}
	var cause error
	if errno, ok := err.(windows.Errno); !ok || errno != 0 { // 0: SendInput set no error
		cause = err
	}
	return msg.New("typing.windows.blocked", cause, "Sent", int(n), "Total", len(in))
}

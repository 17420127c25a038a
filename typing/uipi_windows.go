package typing

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/msg"
)

// checkForeground refuses to type when there is no window in front or when
// its program runs at a higher integrity level than ours: Windows would
// drop the input silently (User Interface Privilege Isolation), and the
// user would wait for a code that never comes.
func checkForeground() error {
	w := windows.GetForegroundWindow()
	if w == 0 {
		return msg.New("typing.windows.no_window", nil)
	}
	var pid uint32
	if _, err := windows.GetWindowThreadProcessId(w, &pid); err != nil {
		return fmt.Errorf("type: the window in front: %w", err)
	}
	above, err := processAbove(pid)
	if err != nil {
		return fmt.Errorf("type: the window in front: %w", err)
	}
	if above {
		return msg.New("typing.windows.elevated", nil)
	}
	return nil
}

// processAbove says whether process pid runs at a higher integrity level
// than this one. A process whose token we may not read is one above us:
// Windows lets a program of the same user read the token of any process
// at or below its own level.
func processAbove(pid uint32) (bool, error) {
	own, err := integrityLevel(windows.GetCurrentProcessToken())
	if err != nil {
		return false, fmt.Errorf("own integrity level: %w", err)
	}
	if pid == windows.GetCurrentProcessId() {
		return false, nil
	}
	p, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("open process %d: %w", pid, err)
	}
	defer windows.CloseHandle(p)
	var tok windows.Token
	err = windows.OpenProcessToken(p, windows.TOKEN_QUERY, &tok)
	if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("token of process %d: %w", pid, err)
	}
	defer tok.Close()
	theirs, err := integrityLevel(tok)
	if err != nil {
		return false, fmt.Errorf("integrity level of process %d: %w", pid, err)
	}
	return theirs > own, nil
}

// integrityLevel is the RID of the token's mandatory label (0x2000 medium,
// 0x3000 high, ...): the last sub-authority of its SID.
func integrityLevel(t windows.Token) (uint32, error) {
	var n uint32
	err := windows.GetTokenInformation(t, windows.TokenIntegrityLevel, nil, 0, &n)
	if !errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) {
		return 0, fmt.Errorf("token integrity level size: %w", err)
	}
	// The SID follows the label in the same buffer, so the buffer is
	// allocated as pointers to keep the pointer inside it aligned.
	buf := make([]uintptr, (n+uint32(unsafe.Sizeof(uintptr(0)))-1)/uint32(unsafe.Sizeof(uintptr(0))))
	if err := windows.GetTokenInformation(t, windows.TokenIntegrityLevel, (*byte)(unsafe.Pointer(&buf[0])), n, &n); err != nil {
		return 0, fmt.Errorf("token integrity level: %w", err)
	}
	label := (*windows.Tokenmandatorylabel)(unsafe.Pointer(&buf[0]))
	sid := label.Label.Sid
	if sid == nil || sid.SubAuthorityCount() == 0 {
		return 0, errors.New("token integrity level: a label without sub-authority")
	}
	return sid.SubAuthority(uint32(sid.SubAuthorityCount()) - 1), nil
}

package desktop

import "golang.org/x/sys/windows"

// Exit ends the tray program with the status code, at once and without
// running the DLLs' detach code, by TerminateProcess on itself.
//
// A toast (beeep -> go-toast) leaves a class factory written in Go
// registered with CoRegisterClassObject and never revoked
// (git.sr.ht/~jackmordaunt/go-toast wintoast/procs.go, not reported
// upstream). os.Exit calls ExitProcess, whose COM clean-up then releases
// that object: a call back into Go from inside the runtime's exit, which
// dies with "exitsyscall: syscall frame is no longer valid" and leaves
// the process hanging, hotkey still registered. Our own clean-up (tray
// icon, hotkey, single-instance lock) has run before Exit is called; the
// system frees the rest of a terminated process as it does for any other.
func Exit(code int) {
	windows.TerminateProcess(windows.CurrentProcess(), uint32(code))
	// Not reached; should TerminateProcess fail, ExitProcess still ends
	// the process, with the risk described above.
	windows.ExitProcess(uint32(code))
}

package desktop

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// testRunValue makes the autostart functions use a value of the test's own,
// removed afterwards, so that the user's real entry stays as it is.
func testRunValue(t *testing.T) {
	t.Helper()
	old := runValue
	runValue = fmt.Sprintf("otptray-test-%d", os.Getpid())
	t.Cleanup(func() {
		deleteValue(runKey, runValue)
		deleteValue(startupApprovedKey, runValue)
		runValue = old
	})
}

func TestAutostartWindows(t *testing.T) {
	testRunValue(t)
	exe := `C:\Program Files\otptray\otptray.exe`
	args := []string{"--hidden", `C:\my dir\`, `say "hi"`}

	if on, err := AutostartEnabled(); err != nil || on {
		t.Fatalf("before Enable: AutostartEnabled() = %v, %v; want false", on, err)
	}
	if err := DisableAutostart(); err != nil {
		t.Fatalf("Disable without an entry: %v", err)
	}
	if err := EnableAutostart(exe, args...); err != nil {
		t.Fatal(err)
	}
	cmd, err := autostartCommand()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := windowsCommandLine(exe, args)
	if cmd != want {
		t.Errorf("Run value %q, want %q", cmd, want)
	}
	// Windows reads the command line back as the program and its
	// arguments, unchanged.
	argv, err := windows.DecomposeCommandLine(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if wantArgv := append([]string{exe}, args...); !slices.Equal(argv, wantArgv) {
		t.Errorf("Windows reads the Run value as %q, want %q", argv, wantArgv)
	}
	if on, err := AutostartEnabled(); err != nil || !on {
		t.Errorf("after Enable: AutostartEnabled() = %v, %v; want true", on, err)
	}

	// Switched off in Task Manager: not enabled, until enabled again here.
	setApproved(t, []byte{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	if on, err := AutostartEnabled(); err != nil || on {
		t.Errorf("switched off in Task Manager: AutostartEnabled() = %v, %v; want false", on, err)
	}
	setApproved(t, []byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	if on, err := AutostartEnabled(); err != nil || !on {
		t.Errorf("switched on in Task Manager: AutostartEnabled() = %v, %v; want true", on, err)
	}
	setApproved(t, []byte{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	if err := EnableAutostart(exe); err != nil {
		t.Fatal(err)
	}
	if on, err := AutostartEnabled(); err != nil || !on {
		t.Errorf("enabled again: AutostartEnabled() = %v, %v; want true", on, err)
	}

	if err := DisableAutostart(); err != nil {
		t.Fatal(err)
	}
	if cmd, err := autostartCommand(); err != nil || cmd != "" {
		t.Errorf("after Disable the Run value is %q (%v)", cmd, err)
	}
	if on, err := AutostartEnabled(); err != nil || on {
		t.Errorf("after Disable: AutostartEnabled() = %v, %v; want false", on, err)
	}
}

func setApproved(t *testing.T, b []byte) {
	t.Helper()
	k, _, err := registry.CreateKey(registry.CURRENT_USER, startupApprovedKey, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := k.SetBinaryValue(runValue, b); err != nil {
		t.Fatal(err)
	}
}

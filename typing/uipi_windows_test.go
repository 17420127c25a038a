package typing

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/internal/msg"
)

// lowChildEnv makes the test binary the child of
// TestTypeRefusedIntoWindowAbove: it lowers its own integrity level and
// tries to type into the window in front, which belongs to the parent.
const lowChildEnv = "OTPTRAY_TYPING_LOW_CHILD"

const (
	lowIntegrity   = 0x1000 // SECURITY_MANDATORY_LOW_RID
	cannotLowerTag = "cannot lower integrity: "
)

func TestMain(m *testing.M) {
	if os.Getenv(lowChildEnv) == "1" {
		os.Exit(lowChild())
	}
	os.Exit(m.Run())
}

// lowChild prints what typing said at low integrity; 0 when it ran.
func lowChild() int {
	if err := lowerOwnIntegrity(); err != nil {
		fmt.Println(cannotLowerTag + err.Error())
		return 0
	}
	kb, err := New()
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return 0
	}
	defer kb.Close()
	// The innermost message says why; typing.type above it says what.
	var ids []string
	for err := kb.Type("1"); err != nil; {
		var m *msg.Error
		if !errors.As(err, &m) {
			break
		}
		ids = append(ids, m.ID)
		err = m.Cause
	}
	fmt.Println("ids: " + strings.Join(ids, " "))
	return 0
}

func lowerOwnIntegrity() error {
	var tok windows.Token
	if err := windows.OpenProcessToken(windows.CurrentProcess(), windows.TOKEN_QUERY|windows.TOKEN_ADJUST_DEFAULT, &tok); err != nil {
		return err
	}
	defer tok.Close()
	sid, err := windows.CreateWellKnownSid(windows.WinLowLabelSid)
	if err != nil {
		return err
	}
	label := windows.Tokenmandatorylabel{Label: windows.SIDAndAttributes{Sid: sid, Attributes: windows.SE_GROUP_INTEGRITY}}
	if err := windows.SetTokenInformation(tok, windows.TokenIntegrityLevel, (*byte)(unsafe.Pointer(&label)), label.Size()); err != nil {
		return err
	}
	level, err := integrityLevel(tok)
	if err != nil {
		return err
	}
	if level != lowIntegrity {
		return fmt.Errorf("the level is %#x after setting it to low", level)
	}
	return nil
}

// A program that runs above us takes no typed input (UIPI); typing says so
// instead of sending keys that Windows drops without a word.
func TestTypeRefusedIntoWindowAbove(t *testing.T) {
	e2e.Require(t)
	edit := focusedEdit(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), lowChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	got := strings.TrimSpace(string(out))
	if reason, ok := strings.CutPrefix(got, cannotLowerTag); ok {
		t.Skipf("this system does not let a process lower its integrity level (%s)", reason)
	}
	if want := "ids: typing.type typing.windows.elevated"; got != want {
		t.Errorf("typing from below into the window in front: %s, want %s", got, want)
	}
	if text := edit.textNow(); text != "" {
		t.Errorf("the window above received %q", text)
	}
}

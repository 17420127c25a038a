package wintray

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

// formURI is the token whose own type hotkey types a form: a 5 s period, so
// that its template's {wait} costs the test at most that long.
var formURI = "otpauth://totp/Form:dave?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Form&period=5"

const (
	// The form's template and its own type hotkey.
	formTemplate = "{code}{tab}{wait}{code}{enter}"
	formHotkey   = "Win+Alt+2"
)

// editBox is editbox.exe (see editbox/): a window with an EDIT control that
// reports its text and whether it is in front on stdout.
type editBox struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *syncBuffer // stdout: the reports
	errs *syncBuffer
	done chan struct{}
}

func startEditBox(exe string) (*editBox, error) {
	b := &editBox{cmd: exec.Command("wine", exe), out: &syncBuffer{}, errs: &syncBuffer{}, done: make(chan struct{})}
	b.cmd.Stdout, b.cmd.Stderr = b.out, b.errs
	var err error
	if b.in, err = b.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := b.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start editbox.exe: %w", err)
	}
	go func() {
		b.cmd.Wait()
		close(b.done)
	}()
	return b, nil
}

// stop ends the program: it ends when its stdin does.
func (b *editBox) stop() {
	if b == nil {
		return
	}
	b.in.Close()
	select {
	case <-b.done:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill()
		<-b.done
	}
}

// state is what the program reported last: the control's text, whether it
// is in front with the focus, and how often it has said "front".
func (b *editBox) state() (text string, front bool, fronts int) {
	sc := bufio.NewScanner(strings.NewReader(b.out.String()))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case line == "front":
			front = true
			fronts++
		case line == "back":
			front = false
		case strings.HasPrefix(line, "text "):
			if s, err := strconv.Unquote(strings.TrimPrefix(line, "text ")); err == nil {
				text = s
			}
		}
	}
	return text, front, fronts
}

func (b *editBox) text() string { t, _, _ := b.state(); return t }

// ready empties the control and brings it in front with the keyboard focus.
func (b *editBox) ready() error {
	_, _, before := b.state()
	if _, err := io.WriteString(b.in, "clear\nfront\n"); err != nil {
		return fmt.Errorf("editbox.exe: %w", err)
	}
	if !poll(15*time.Second, func() bool {
		text, front, fronts := b.state()
		return text == "" && front && fronts > before
	}) {
		text, front, _ := b.state()
		return fmt.Errorf("editbox.exe is not empty and in front within 15 s (text %q, in front %v); it says: %s", text, front, b.errs)
	}
	return nil
}

// waitText waits until the control holds one of the texts of want (asked
// anew each time: a late plan types a later code), then a little longer to
// see that nothing more arrives (a key typed twice).
func (b *editBox) waitText(want func() []string) error {
	has := func() bool { return slices.Contains(want(), b.text()) }
	if !poll(15*time.Second, has) {
		return fmt.Errorf("the EDIT control holds %q, want one of %q", b.text(), want())
	}
	settle := time.Now().Add(300 * time.Millisecond)
	poll(time.Second, func() bool { return time.Now().After(settle) })
	if !has() {
		return fmt.Errorf("the EDIT control held the text wanted, then %q", b.text())
	}
	return nil
}

// addForm adds the form token and gives it its template and type hotkey
// with otptray-cli.exe, as a user does.
func (e *env) addForm(t *testing.T) {
	cli := filepath.Join(e.bin, "otptray-cli.exe")
	if _, err := run(60*time.Second, formURI+"\n", "wine", cli, "add"); err != nil {
		t.Fatalf("otptray-cli add: %v", err)
	}
	for _, args := range [][]string{{"template", formTemplate}, {"type-hotkey", formHotkey}} {
		if _, err := run(60*time.Second, "", "wine", append([]string{cli, "set", "--token", e.form.Name}, args...)...); err != nil {
			t.Fatalf("otptray-cli set: %v", err)
		}
	}
}

// startEditBoxOnce starts editbox.exe for the typing tests.
func (e *env) startEditBoxOnce(t *testing.T) *editBox {
	t.Helper()
	if e.box != nil {
		return e.box
	}
	exe := os.Getenv("OTPTRAY_WINTRAY_EDITBOX")
	if exe == "" {
		t.Fatal("OTPTRAY_WINTRAY_EDITBOX names no editbox.exe (traytest.sh builds it)")
	}
	var err error
	if e.box, err = startEditBox(exe); err != nil {
		t.Fatal(err)
	}
	return e.box
}

// pressHeld presses Win+Alt+key on the Wine desktop and lets go of key at
// once but of the modifiers only 300 ms later, as a user slow to let go
// does: what the tray types must not arrive with them held (Alt+digits are
// no digits in an EDIT control).
func (e *env) pressHeld(t *testing.T, key string) {
	t.Helper()
	if _, err := run(10*time.Second, "", "xdotool", "windowfocus", "--sync", strconv.Itoa(int(e.desk.id))); err != nil {
		t.Fatal(err)
	}
	if _, err := run(10*time.Second, "", "xdotool", "keydown", "super", "alt", key, "keyup", key); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the user's slow hand
	if _, err := run(10*time.Second, "", "xdotool", "keyup", "alt", "super"); err != nil {
		t.Fatal(err)
	}
}

// typeHotkeyTypes: with the EDIT control of another program in front,
// Win+Alt+T makes the tray type the default token's code into it through
// SendInput.
func (e *env) typeHotkeyTypes(t *testing.T) {
	box := e.startEditBoxOnce(t)
	if err := box.ready(); err != nil {
		t.Fatal(err)
	}
	since := time.Now()
	e.pressHeld(t, "t")
	want := func() []string { return codes(e.fast, since, time.Now()) }
	if err := box.waitText(want); err != nil {
		t.Fatalf("after Win+Alt+T: %v\notptray.exe says: %s", err, e.tray.out)
	}
	t.Logf("typed: %q", box.text())
}

// typeTemplate: the form token's own type hotkey types its template: the
// code, Tab, and after the next period boundary the next code and Enter.
func (e *env) typeTemplate(t *testing.T) {
	box := e.startEditBoxOnce(t)
	if err := box.ready(); err != nil {
		t.Fatal(err)
	}
	since := time.Now()
	e.pressHeld(t, "2")
	// Typed from the code of any instant of the press on.
	want := func() []string { return formTexts(e.form, since, time.Now()) }
	if err := box.waitText(want); err != nil {
		t.Fatalf("after %s: %v\notptray.exe says: %s", formHotkey, err, e.tray.out)
	}
	t.Logf("typed: %q", box.text())
}

// formTexts is what formTemplate types when planned at an instant from..to:
// that instant's code, Tab, the next period's code, Enter (CR LF in an EDIT
// control).
func formTexts(tok token.Token, from, to time.Time) []string {
	var out []string
	for at := from; !at.After(to); {
		w, err := tok.WindowAt(at, 0)
		if err != nil {
			return nil
		}
		next, err := tok.WindowAt(w.Until, 0)
		if err != nil {
			return nil
		}
		out = append(out, w.Code+"\t"+next.Code+"\r\n")
		at = w.Until
	}
	return out
}

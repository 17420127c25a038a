package tray_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/internal/running"
	"github.com/otptray/otptray/prefs"
)

// grabElsewhere makes another X client (internal/hotkeyprobe) grab combo
// before the tray starts, as another application holding it would.
func grabElsewhere(t *testing.T, combo string) {
	t.Helper()
	cmd := exec.Command(e2e.BuildBinary(t, "github.com/otptray/otptray/internal/hotkeyprobe"), combo)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	sc := bufio.NewScanner(stdout)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sc.Text() == "ready" {
			break
		}
	}
	if len(lines) != 2 || lines[0] != "registered "+combo {
		t.Fatalf("the other client could not grab %s: %q", combo, lines)
	}
	go func() {
		for sc.Scan() {
		}
	}()
}

// TestRefusedHotkeyReported: Super+Alt+T, the type hotkey, is grabbed by
// another X client first; the tray names it in a notification, writes it
// as refused (and the copy hotkey as held) to its status, which
// otptray-cli settings shows beside the settings, and the status goes
// with the tray.
func TestRefusedHotkeyReported(t *testing.T) {
	e2e.Require(t)
	grabElsewhere(t, prefs.DefaultTypeHotkey)
	notes := e2e.WatchNotifications(t)
	tok := newToken("Bank", 30)
	store := newStore(t, prefs.Prefs{}, &tok)
	p := startTray(t, store)

	n := notes.Wait(t, "Super+Alt+T is not registered, so the type hotkey is off: another program has taken this combination.", 20*time.Second)
	if n.Summary != "A hotkey is not available" {
		t.Errorf("notification %+v", n)
	}

	var st running.Hotkeys
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		var err error
		st, ok, err = running.ReadHotkeys(store.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if ok || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if h, ok := st.Find("type-hotkey", ""); !ok || h.Held || h.Combo != prefs.DefaultTypeHotkey || len(h.Reason) == 0 || h.Reason[0].ID != "desktop.hotkey.taken" {
		t.Errorf("type hotkey in the status: %+v (status %+v)", h, st)
	}
	if h, ok := st.Find("hotkey", ""); !ok || !h.Held {
		t.Errorf("copy hotkey in the status: %+v", h)
	}

	cli := exec.Command(e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray-cli"), "settings")
	cli.Env = append(os.Environ(), "OTPTRAY_CONFIG_DIR="+store.Dir, "OTPTRAY_LANG=en")
	out, err := cli.CombinedOutput()
	if err != nil {
		t.Fatalf("otptray-cli settings: %v\n%s", err, out)
	}
	for _, want := range []string{
		`(?m)^  hotkey +Super\+Alt\+O \(default\) +hotkey that copies the default token's code\n +→ held by the running tray$`,
		`(?m)^  type-hotkey +Super\+Alt\+T \(default\) +hotkey that types the default token's code\n +→ refused by the system: another program has taken this combination$`,
	} {
		if !regexp.MustCompile(want).Match(out) {
			t.Errorf("otptray-cli settings does not say\n%s\nit says\n%s", want, out)
		}
	}

	p.quit(t)
	if _, ok, err := running.ReadHotkeys(store.Dir); ok || err != nil {
		t.Errorf("after Quit the status is still read: %v, %v", ok, err)
	}
	if _, err := os.Stat(store.Dir + "/otptray.hotkeys.json"); err == nil {
		t.Error("the status file outlives the tray")
	}
}

package token

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/zalando/go-keyring"
)

// The OS keyring itself: gnome-keyring's Secret Service in the test session.
func TestSystemKeyring(t *testing.T) {
	e2e.Require(t)
	var k SystemKeyring
	id := "test-" + NewID()
	t.Cleanup(func() { _ = k.Delete(id) })
	if _, err := k.Get(id); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("Get before Set: %v", err)
	}
	for _, secret := range [][]byte{rfcSeed20, rfcSeed64, {0}} {
		if err := k.Set(id, secret); err != nil {
			t.Fatal(err)
		}
		got, err := k.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, secret) {
			t.Errorf("secret of %d bytes came back different", len(secret))
		}
	}
	if err := k.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(id); !errors.Is(err, ErrNoSecret) {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := k.Delete(id); err != nil {
		t.Errorf("Delete of nothing: %v", err)
	}

	// An entry otptray did not write is named, not blamed on the keyring.
	if err := keyring.Set(KeyringService, id, "not base32!"); err != nil {
		t.Fatal(err)
	}
	want := "the system keyring entry " + id + " (service otptray) does not hold a secret otptray wrote; remove the token and add it again"
	if _, err := k.Get(id); err == nil || inEnglish(err) != want {
		t.Errorf("Get of a foreign entry: %v", err)
	}
	if err := k.Delete(id); err != nil {
		t.Fatal(err)
	}

	// A whole store on it: one entry per token, gone with the token.
	s := Open(t.TempDir(), k)
	tok, err := s.Add(Token{Name: "e2e", Secret: rfcSeed32})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Delete(tok.ID) })
	if got, err := s.Secret(tok); err != nil || !bytes.Equal(got, rfcSeed32) {
		t.Errorf("store secret differs (%v)", err)
	}
	if err := s.Remove(tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(tok.ID); !errors.Is(err, ErrNoSecret) {
		t.Errorf("secret left after Remove: %v", err)
	}
}

// busConfig is a session bus with no service folders, so nothing (such as
// gnome-keyring) can be started on it by D-Bus activation.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// With a session bus but no Secret Service on it, every keyring call fails
// with the message that names the cause and the fix.
func TestSystemKeyringWithoutSecretService(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the Secret Service is the keyring of Linux and the BSDs only")
	}
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		if os.Getenv("OTPTRAY_E2E") == "1" {
			t.Fatal("dbus-daemon is missing from the test session")
		}
		t.Skip("needs dbus-daemon (Debian package dbus-daemon); make test installs it")
	}
	dir, err := os.MkdirTemp("", "otptray-bus-") // short: socket paths are limited to ~100 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, busConfig, dir), 0o600); err != nil {
		t.Fatal(err)
	}
	bus := exec.Command(daemon, "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var busLog bytes.Buffer // it warns about fd limits when run as root
	bus.Stderr = &busLog
	if err := bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bus.Process.Kill(); _ = bus.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = bus.Process.Kill()
		_ = bus.Wait()
		t.Fatalf("dbus-daemon gave no address: %v\n%s", err, busLog.String())
	}

	probe := child(t, "keyring-probe", "", "")
	probe.Env = append(probe.Env, "DBUS_SESSION_BUS_ADDRESS="+strings.TrimSpace(addr))
	got, err := probe.Output()
	if err != nil {
		t.Fatalf("probe: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) != 3 {
		t.Fatalf("probe printed %q", got)
	}
	for _, l := range lines {
		op, msg, _ := strings.Cut(l, "\t")
		const (
			prefix = "keyring.unavailable_unix\tthe system keyring (Secret Service) is not available: "
			fix    = ". otptray keeps secrets only there: start gnome-keyring (gnome-keyring-daemon --start --components=secrets) or KeePassXC with its Secret Service integration, unlock it, and try again"
		)
		if !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, fix) || !strings.Contains(msg, "org.freedesktop.secrets") {
			t.Errorf("%s: %q", op, msg)
		}
	}
}

// childKeyringProbe tries the OS keyring and prints, per call, the message ID
// and text of the error.
func childKeyringProbe() {
	var k SystemKeyring
	report := func(op string, err error) {
		fmt.Printf("%s\t%s\t%s\n", op, errID(err), inEnglish(err))
	}
	report("set", k.Set("probe", []byte{1, 2, 3}))
	_, err := k.Get("probe")
	report("get", err)
	report("delete", k.Delete("probe"))
}

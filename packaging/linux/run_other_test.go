//go:build !windows && !darwin

package linux

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeRunWithoutDesktop: without a desktop session make run points to
// otptray-cli, which works there, starts nothing and leaves start at login
// alone.
func TestMakeRunWithoutDesktop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the programs with make")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	var env []string
	for _, kv := range homeEnv(t, home) {
		if k, _, _ := strings.Cut(kv, "="); k != "DISPLAY" && k != "WAYLAND_DISPLAY" {
			env = append(env, kv)
		}
	}
	bin := filepath.Join(t.TempDir(), "bin")
	cmd := exec.Command("make", "--no-print-directory", "-s", "-C", root, "run", "BIN="+bin)
	cmd.Env = append(env, "OTPTRAY_CONFIG_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("make run without a desktop: %v, want a failure\n%s", err, out)
	}
	for _, want := range []string{"the tray needs a desktop session", bin + "/otptray-cli add < uri.txt", bin + "/otptray-cli code"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make run says\n%s\nwithout %q", out, want)
		}
	}
	if strings.Contains(string(out), "xvfb-run") {
		t.Errorf("make run still suggests a virtual display, where nothing shows:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "autostart")); !os.IsNotExist(err) {
		t.Errorf("make run touched the autostart folder (%v)", err)
	}
}

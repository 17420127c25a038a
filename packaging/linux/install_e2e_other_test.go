//go:build !windows && !darwin

package linux

import (
	"bytes"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/tray/desktop"
)

// hicolorSizes are the icon sizes make install puts in the hicolor theme.
var hicolorSizes = []int{16, 24, 32, 48, 64, 128, 256}

// TestInstallUninstall runs make install into a throwaway home, checks the
// files and their desktop entries, starts the tray from the build folder
// and then from where it was installed (only the installed copy turns start
// at login on, pointing at itself), then runs make uninstall and checks that
// nothing is left.
func TestInstallUninstall(t *testing.T) {
	e2e.Require(t) // the tray runs in the session's display and bus
	for _, tool := range []string{"make", "desktop-file-validate"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (make deps-test installs it): %v", tool, err)
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	// The build folder in a source tree of its own, so that the test
	// leaves the module's bin/ alone.
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module example.com/build\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	built := filepath.Join(src, "bin", "otptray")
	bindir := filepath.Join(home, ".local", "bin")
	installed := filepath.Join(bindir, "otptray")
	share := filepath.Join(home, ".local", "share")
	config := filepath.Join(home, ".config")
	autostart := filepath.Join(config, "autostart", "otptray.desktop")
	env := homeEnv(t, home)

	// What a first run from the build folder wrote before this rule: make
	// install points it at the installed copy.
	t.Setenv("XDG_CONFIG_HOME", config)
	if err := desktop.EnableAutostart(built); err != nil {
		t.Fatal(err)
	}

	runMake(t, root, env, "install", "BIN="+filepath.Join(src, "bin"))
	for _, p := range []string{installed, filepath.Join(bindir, "otptray-cli")} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("%s: %v, not an installed program", p, err)
		}
	}
	launcher := filepath.Join(share, "applications", "otptray.desktop")
	checkEntry(t, launcher, installed, "Categories=Utility;Security;", "GenericName[ja]=ワンタイムパスワード",
		"Comment[ja]=通知領域にワンタイムパスワードを表示します")
	checkEntry(t, autostart, installed)
	for _, s := range hicolorSizes {
		p := filepath.Join(share, "icons", "hicolor", strconv.Itoa(s)+"x"+strconv.Itoa(s), "apps", "otptray.png")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Error(err)
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != s || cfg.Height != s {
			t.Errorf("%s: %dx%d (%v), want a %dx%d PNG", p, cfg.Width, cfg.Height, err, s, s)
		}
	}

	// A start from the build folder leaves start at login alone, and the
	// installed copy's first start on the same data turns it on, pointing
	// at itself.
	data := []string{"OTPTRAY_CONFIG_DIR=" + t.TempDir()}
	if err := os.Remove(autostart); err != nil {
		t.Fatal(err)
	}
	if ticked := startTray(t, built, slices.Concat(env, data)); ticked {
		t.Error("a start from the build folder ticked Start at login")
	}
	if _, err := os.Stat(autostart); !os.IsNotExist(err) {
		t.Errorf("a start from the build folder wrote an autostart entry (%v)", err)
	}
	if ticked := startTray(t, installed, slices.Concat(env, data)); !ticked {
		t.Error("the installed copy's first run did not tick Start at login")
	}
	checkEntry(t, autostart, installed, "X-GNOME-Autostart-enabled=true")

	runMake(t, root, env, "uninstall")
	var left []string
	filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(home, p)
		switch {
		case err != nil:
			t.Error(err)
		case rel == filepath.Join(".config", "go"):
			// The go command's own telemetry counters, since make runs go.
			return filepath.SkipDir
		case !d.IsDir():
			left = append(left, rel)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("after make uninstall these are left in the home folder: %v", left)
	}
}

// homeEnv is this process's environment with home as HOME and its XDG
// folders, and the go command's caches where they are now (a fresh home
// would build everything again).
func homeEnv(t *testing.T, home string) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	goenv := strings.Split(strings.TrimSpace(string(out)), "\n")
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "PREFIX", "BINDIR", "DATADIR", "MAKEFLAGS", "MFLAGS",
			"OTPTRAY_CONFIG_DIR", "OTPTRAY_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "GOCACHE", "GOMODCACHE", "GOPATH":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "LANG=en_US.UTF-8",
		"GOCACHE="+goenv[0], "GOMODCACHE="+goenv[1], "GOPATH="+goenv[2])
}

func runMake(t *testing.T, root string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("make", append([]string{"--no-print-directory", "-C", root}, args...)...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// checkEntry checks that the desktop entry at path is valid, runs exe,
// shows otptray's icon, and has the lines in want.
func checkEntry(t *testing.T, path, exe string, want ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("desktop entry: %v", err)
		return
	}
	if out, err := exec.Command("desktop-file-validate", path).CombinedOutput(); err != nil {
		t.Errorf("desktop-file-validate %s: %v\n%s", path, err, out)
	}
	lines := strings.Split(string(data), "\n")
	for _, w := range append([]string{"Exec=" + exe, "Icon=otptray", "Name=otptray"}, want...) {
		found := false
		for _, l := range lines {
			found = found || l == w
		}
		if !found {
			t.Errorf("%s has no line %q:\n%s", path, w, data)
		}
	}
}

// startTray starts the tray program exe, waits for its whole menu and says
// whether Start at login is ticked, then stops it.
func startTray(t *testing.T, exe string, env []string) (ticked bool) {
	t.Helper()
	cmd := exec.Command(exe)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Errorf("%s did not stop on SIGTERM", exe)
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", exe, out.String())
		}
	}()
	m := e2e.FindMenu(t, cmd.Process.Pid, 30*time.Second)
	root := m.WaitMenu(t, func(root e2e.Item) bool {
		_, ok := root.Find(func(it e2e.Item) bool { return it.Label == "Quit" && it.Enabled })
		return ok
	}, 30*time.Second)
	it, ok := root.Find(func(it e2e.Item) bool { return it.Label == "Start at login" })
	if !ok {
		t.Fatalf("no Start at login entry in the menu:\n%s", root)
	}
	return it.Checked
}

//go:build !windows && !darwin

package desktop

import (
	"os"
	"path/filepath"
	"testing"
)

func TestAutostartXDG(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	path := filepath.Join(config, "autostart", "otptray.desktop")

	on, err := AutostartEnabled()
	if err != nil || on {
		t.Fatalf("before Enable: AutostartEnabled() = %v, %v; want false", on, err)
	}
	if err := DisableAutostart(); err != nil {
		t.Fatalf("Disable without an entry: %v", err)
	}

	if err := EnableAutostart("/home/me/My Apps/otptray", "--hidden"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := entryHead + `Exec="/home/me/My Apps/otptray" --hidden` + "\n" + entryTail
	if string(data) != want {
		t.Errorf("%s:\n%s\nwant\n%s", path, data, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("entry mode %v (%v), want 0644", fi.Mode().Perm(), err)
	}
	if on, err := AutostartEnabled(); err != nil || !on {
		t.Errorf("after Enable: AutostartEnabled() = %v, %v; want true", on, err)
	}

	// Enabling again replaces the entry (say, the program moved).
	if err := EnableAutostart("/usr/bin/otptray"); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if want := entryHead + "Exec=/usr/bin/otptray\n" + entryTail; string(data) != want {
		t.Errorf("after a second Enable:\n%s\nwant\n%s", data, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the autostart folder holds %d files, want 1", len(entries))
	}

	// Switched off by the desktop's settings: not enabled.
	if err := os.WriteFile(path, append(data, "Hidden=true\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if on, err := AutostartEnabled(); err != nil || on {
		t.Errorf("with Hidden=true: AutostartEnabled() = %v, %v; want false", on, err)
	}

	if err := DisableAutostart(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after Disable the entry is still there (%v)", err)
	}
	if on, err := AutostartEnabled(); err != nil || on {
		t.Errorf("after Disable: AutostartEnabled() = %v, %v; want false", on, err)
	}
}

// TestAutostartXDGDefault: without XDG_CONFIG_HOME the entry goes to
// ~/.config/autostart.
func TestAutostartXDGDefault(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	if err := EnableAutostart("/usr/bin/otptray"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "autostart", "otptray.desktop")); err != nil {
		t.Error(err)
	}
}

func TestDesktopEntryOff(t *testing.T) {
	tests := []struct {
		file string
		off  bool
	}{
		{entryHead + "Exec=otptray\n" + entryTail, false},
		{entryHead + "Exec=otptray\nHidden=true\n", true},
		{entryHead + "Exec=otptray\nHidden = true\n", true},
		{entryHead + "Exec=otptray\nHidden=false\n", false},
		{entryHead + "Exec=otptray\nX-GNOME-Autostart-enabled=false\n", true},
		// Keys of another group do not count.
		{entryHead + "Exec=otptray\n[Desktop Action x]\nHidden=true\n", false},
	}
	for _, tt := range tests {
		if got := desktopEntryOff([]byte(tt.file)); got != tt.off {
			t.Errorf("desktopEntryOff(%q) = %v, want %v", tt.file, got, tt.off)
		}
	}
}

// TestAutostartRuns: true only for the program the entry starts.
func TestAutostartRuns(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	const installed = "/home/me/.local/bin/otptray"
	if runs, err := AutostartRuns(installed); err != nil || runs {
		t.Fatalf("without an entry: AutostartRuns = %v, %v; want false", runs, err)
	}
	for _, exe := range []string{installed, "/home/me/My Apps/otptray"} {
		if err := EnableAutostart(exe); err != nil {
			t.Fatal(err)
		}
		for _, other := range []string{installed, "/home/me/My Apps/otptray", "/home/me/src/otptray/bin/otptray", "/home/me/.local/bin/otptray-cli"} {
			if runs, err := AutostartRuns(other); err != nil || runs != (other == exe) {
				t.Errorf("entry for %s: AutostartRuns(%s) = %v, %v", exe, other, runs, err)
			}
		}
	}
}

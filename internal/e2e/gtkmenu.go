package e2e

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

//go:embed gtkmenu/gtkmenu.py
var gtkMenuScript []byte

// GTKOpening is one opening of a submenu in a GTK menu.
type GTKOpening struct {
	Round   int
	Path    string // the labels from the top, joined by " > "
	Entries int    // the entries GTK shows in it, separators included
}

// GTKMenu shows the tray menu of the program with process ID pid through
// libdbusmenu-gtk3, the library with which xfce4-panel (and Cinnamon, MATE)
// shows tray menus, and opens every submenu, rounds times, pause apart. It
// needs python3-gi and the Dbusmenu GTK 3 introspection data (Debian
// gir1.2-dbusmenu-gtk3-0.4, which make test installs).
func GTKMenu(t testing.TB, pid, rounds int, pause time.Duration) []GTKOpening {
	t.Helper()
	timeout := time.Duration(rounds)*(pause+30*time.Second) + 10*time.Second
	cmd := gtkMenuCommand(t, pid, rounds, pause, timeout)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GTK menu: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("GTK menu said:\n%s", stderr.String())
	}
	var openings []GTKOpening
	for line := range strings.Lines(strings.TrimSpace(string(out))) {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) != 3 {
			t.Fatalf("GTK menu: line %q", line)
		}
		round, err1 := strconv.Atoi(f[0])
		n, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			t.Fatalf("GTK menu: line %q", line)
		}
		openings = append(openings, GTKOpening{Round: round, Path: f[1], Entries: n})
	}
	return openings
}

// GTKMenuClient keeps the tray menu of the program with process ID pid in a
// libdbusmenu-gtk3 menu for d, as a panel showing the icon does, without
// opening it. It returns at once; wait waits for the client's end.
func GTKMenuClient(t testing.TB, pid int, d time.Duration) (wait func()) {
	t.Helper()
	cmd := gtkMenuCommand(t, pid, 0, d, d+10*time.Second)
	if err := cmd.Start(); err != nil {
		t.Fatalf("GTK menu client: %v", err)
	}
	return func() {
		if err := cmd.Wait(); err != nil {
			t.Errorf("GTK menu client: %v", err)
		}
	}
}

func gtkMenuCommand(t testing.TB, pid, rounds int, pause, timeout time.Duration) *exec.Cmd {
	t.Helper()
	python := "/usr/bin/python3" // the system's, which has the gi module
	if _, err := os.Stat(python); err != nil {
		python = "python3"
	}
	script := filepath.Join(t.TempDir(), "gtkmenu.py")
	if err := os.WriteFile(script, gtkMenuScript, 0o600); err != nil {
		t.Fatal(err)
	}
	return exec.Command("timeout", strconv.Itoa(int(timeout.Seconds())), python, script,
		fmt.Sprintf("%s%d-1", itemNamePrefix, pid), strconv.Itoa(rounds), strconv.FormatFloat(pause.Seconds(), 'f', 3, 64))
}

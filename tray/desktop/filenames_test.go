package desktop

import (
	"bufio"
	"go/build/constraint"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goosNames are the GOOS values Go reads from a file name's last part.
var goosNames = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true,
	"hurd": true, "illumos": true, "ios": true, "js": true, "linux": true, "nacl": true,
	"netbsd": true, "openbsd": true, "plan9": true, "solaris": true, "wasip1": true,
	"windows": true, "zos": true,
}

// TestPerOSFileNames holds every .go file of the module (outside
// third_party and testdata) to the naming rule of the package comment: a
// build line that picks systems goes with the name that says which.
func TestPerOSFileNames(t *testing.T) {
	root := moduleRoot(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "third_party" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if msg := checkPerOSName(d.Name(), buildLine(t, path)); msg != "" {
			t.Errorf("%s: %s", rel, msg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckPerOSName(t *testing.T) {
	tests := []struct {
		name, line string
		ok         bool
	}{
		{"notify_windows.go", "", true},
		{"notify_windows_test.go", "", true},
		{"notify_windows.go", "windows", false},
		{"notify_other.go", "!windows && !darwin", true},
		{"notify_e2e_other_test.go", "!windows && !darwin", true},
		{"sessionbus_other.go", "!linux", true},
		{"fileid_other.go", "!unix", true},
		{"notify_other.go", "", false},
		{"notify_other.go", "linux", false},
		{"notify_other.go", "!windows || !darwin", false},
		{"autostart_unix.go", "unix", true},
		{"autostart_unix.go", "!windows", false},
		{"lib_winmac.go", "windows || darwin", true},
		{"lib_winmac.go", "darwin || windows", true},
		{"lib.go", "windows || darwin", false},
		{"notify_dbus.go", "!windows && !darwin", false},
		{"race.go", "race", true},
		{"plain.go", "", true},
	}
	for _, tt := range tests {
		got := checkPerOSName(tt.name, tt.line)
		if (got == "") != tt.ok {
			t.Errorf("checkPerOSName(%q, %q) = %q, want ok %v", tt.name, tt.line, got, tt.ok)
		}
	}
}

// checkPerOSName says what is wrong with a file name for its build line
// (without "//go:build "), or "" when they agree.
func checkPerOSName(name, line string) string {
	stem := strings.TrimSuffix(strings.TrimSuffix(name, ".go"), "_test")
	suffix := stem[strings.LastIndex(stem, "_")+1:]
	var expr constraint.Expr
	if line != "" {
		var err error
		if expr, err = constraint.Parse("//go:build " + line); err != nil {
			return err.Error()
		}
	}
	switch {
	case goosNames[suffix]:
		if expr != nil && picksSystems(expr) {
			return "a GOOS suffix needs no build line that picks systems"
		}
	case suffix == "unix":
		if line != "unix" {
			return "_unix.go needs //go:build unix"
		}
	case suffix == "winmac":
		if line != "windows || darwin" && line != "darwin || windows" {
			return "_winmac.go needs //go:build windows || darwin"
		}
	case suffix == "other":
		if expr == nil || !excludesOnly(expr) {
			return "_other.go needs a build line that excludes systems: !a && !b"
		}
	default:
		if expr != nil && picksSystems(expr) {
			return "a build line that picks systems needs a name for them: _GOOS, _unix, _winmac or _other"
		}
	}
	return ""
}

// picksSystems reports whether e mentions a GOOS or unix.
func picksSystems(e constraint.Expr) bool {
	switch e := e.(type) {
	case *constraint.TagExpr:
		return e.Tag == "unix" || goosNames[e.Tag]
	case *constraint.NotExpr:
		return picksSystems(e.X)
	case *constraint.AndExpr:
		return picksSystems(e.X) || picksSystems(e.Y)
	case *constraint.OrExpr:
		return picksSystems(e.X) || picksSystems(e.Y)
	}
	return false
}

// excludesOnly reports whether e is !a && !b && ... of systems.
func excludesOnly(e constraint.Expr) bool {
	switch e := e.(type) {
	case *constraint.NotExpr:
		tag, ok := e.X.(*constraint.TagExpr)
		return ok && (tag.Tag == "unix" || goosNames[tag.Tag])
	case *constraint.AndExpr:
		return excludesOnly(e.X) && excludesOnly(e.Y)
	}
	return false
}

// buildLine is the expression of the file's //go:build line, or "".
func buildLine(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "//go:build "); ok {
			return rest
		}
		if strings.HasPrefix(line, "package ") {
			break
		}
	}
	return ""
}

// moduleRoot is the folder of the go.mod above the test's folder.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

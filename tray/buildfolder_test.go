package tray

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInSourceTree(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src", "otptray")
	for _, d := range []string{filepath.Join(src, "bin"), filepath.Join(src, "cmd", "otptray"), filepath.Join(root, "home", ".local", "bin"), filepath.Join(root, "odd", "go.mod")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module github.com/otptray/otptray\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		exe  string
		want bool
	}{
		{filepath.Join(src, "bin", "otptray"), true},            // make build
		{filepath.Join(src, "otptray"), true},                   // go build at the top
		{filepath.Join(src, "cmd", "otptray", "otptray"), true}, // go build in the package
		{filepath.Join(root, "home", ".local", "bin", "otptray"), false},
		{filepath.Join(root, "odd", "otptray"), false}, // a folder named go.mod is no module
	}
	for _, tt := range tests {
		if got := inSourceTree(tt.exe); got != tt.want {
			t.Errorf("inSourceTree(%s) = %v, want %v", tt.exe, got, tt.want)
		}
	}
}

// TestFirstRunFromSourceTree: a build in a source tree leaves start at login
// off and does not use up the first run: the installed copy's first start,
// on the same data, turns it on.
func TestFirstRunFromSourceTree(t *testing.T) {
	h := newHarness(t)
	now := unix(vecBoundary)
	h.app.SourceTreeBuild = true
	h.app.Start(now)
	h.app.FirstRun(now)
	h.settle()
	if h.sys.autostart {
		t.Error("a build in a source tree turned start at login on")
	}
	if h.prefs(t).FirstRunDone {
		t.Error("a build in a source tree used up the first run")
	}
	h.app.SourceTreeBuild = false // now the installed copy starts
	h.app.FirstRun(now)
	h.settle()
	if !h.sys.autostart || !h.prefs(t).FirstRunDone {
		t.Error("the installed copy's first start did not turn start at login on")
	}
}

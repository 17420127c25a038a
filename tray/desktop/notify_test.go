package desktop

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/otptray/otptray/icons"
)

func TestIconFile(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the cache folder is set through XDG_CACHE_HOME on Linux only")
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	png := icons.PNG(256)
	if len(png) == 0 {
		t.Fatal("icons.PNG(256) is empty")
	}
	path, err := iconFile(png)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "otptray", "otptray.png"); path != want {
		t.Errorf("icon at %s, want %s", path, want)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, png) {
		t.Fatalf("icon file holds %d bytes (%v), want the %d of PNG(256)", len(got), err, len(png))
	}

	// A stale icon (from an older version) is replaced; nothing else is
	// left in the folder.
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := iconFile(png); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, png) {
		t.Error("a stale icon file was not replaced")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the icon folder holds %d files, want 1", len(entries))
	}
}

package token

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPortableDir(t *testing.T) {
	tests := []struct {
		name   string
		marker func(dir string) error // makes the marker, or not
		want   bool
	}{
		{"no marker", func(string) error { return nil }, false},
		{"marker file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, PortableMarker), nil, 0o644)
		}, true},
		{"marker file with text", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, PortableMarker), []byte("keep data here\r\n"), 0o644)
		}, true},
		{"a folder of that name is no marker", func(dir string) error {
			return os.Mkdir(filepath.Join(dir, PortableMarker), 0o755)
		}, false},
		{"another name is no marker", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, PortableMarker+".txt"), nil, 0o644)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.marker(dir); err != nil {
				t.Fatal(err)
			}
			got, ok := portableDir(dir)
			if ok != tt.want {
				t.Fatalf("portableDir: portable = %v, want %v", ok, tt.want)
			}
			want := ""
			if tt.want {
				want = filepath.Join(dir, PortableDataDir)
			}
			if got != want {
				t.Errorf("portableDir = %q, want %q", got, want)
			}
		})
	}
}

// The test binary has no marker beside it, so DefaultDir is the user's
// config folder; OTPTRAY_CONFIG_DIR still comes first.
func TestDefaultDirNotPortable(t *testing.T) {
	if _, ok := PortableDir(); ok {
		t.Skip("a portable marker lies beside the test binary")
	}
	t.Setenv("OTPTRAY_CONFIG_DIR", "")
	base, err := os.UserConfigDir()
	if err != nil {
		t.Skip("no user config folder:", err)
	}
	got, err := DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(base, "otptray"); got != want {
		t.Errorf("DefaultDir = %q, want %q", got, want)
	}
	dir := t.TempDir()
	t.Setenv("OTPTRAY_CONFIG_DIR", dir)
	if got, err := DefaultDir(); err != nil || got != dir {
		t.Errorf("DefaultDir with OTPTRAY_CONFIG_DIR = %q, %v; want %q", got, err, dir)
	}
}

// DefaultDirEnv reads the override through the getenv it is given, not the
// process environment, and makes it absolute.
func TestDefaultDirEnv(t *testing.T) {
	t.Setenv("OTPTRAY_CONFIG_DIR", t.TempDir())
	env := map[string]string{"OTPTRAY_CONFIG_DIR": "rel/dir"}
	got, err := DefaultDirEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs("rel/dir")
	if got != want {
		t.Errorf("DefaultDirEnv = %q, want %q", got, want)
	}
	if _, ok := PortableDir(); ok {
		return
	}
	base, err := os.UserConfigDir()
	if err != nil {
		t.Skip("no user config folder:", err)
	}
	got, err = DefaultDirEnv(func(string) string { return "" })
	if err != nil || got != filepath.Join(base, "otptray") {
		t.Errorf("DefaultDirEnv without override = %q, %v; want %q", got, err, filepath.Join(base, "otptray"))
	}
}

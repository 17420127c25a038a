package install

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// portableZip is a portable copy's zip as zip.sh packs it, with entries
// name -> content (names under "otptray/").
func portableZip(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(entries[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// portableCopy is a folder with version 1.2.3 of a portable copy and its data.
func portableCopy(t *testing.T) string {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"otptray.exe":        "tray 1.2.3",
		"otptray-cli.exe":    "cli 1.2.3",
		"README.txt":         "the user's own notes",
		"portable":           "",
		"data/tokens.json":   `{"tokens":[]}`,
		"data/settings.json": `{}`,
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func assertFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			b, _ := os.ReadFile(path)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s = %q (present %v), want %q", name, g, ok, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected file %s", name)
		}
	}
}

func TestPortableSwapCommitRollback(t *testing.T) {
	newZip := portableZip(t, map[string]string{
		"otptray/otptray.exe":     "tray 1.3.0",
		"otptray/otptray-cli.exe": "cli 1.3.0",
		"otptray/README.txt":      "the new README",
		"otptray/portable":        "",
		"otptray/../../evil.exe":  "outside",
	})
	zipPath := filepath.Join(t.TempDir(), PortableName("1.3.0", "amd64"))
	os.WriteFile(zipPath, newZip, 0o600)

	data := map[string]string{"README.txt": "the user's own notes", "portable": "", "data/tokens.json": `{"tokens":[]}`, "data/settings.json": `{}`}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range data {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	dir := portableCopy(t)
	p := Portable{Dir: dir}
	if p.Pending() {
		t.Fatal("a fresh copy has an update pending")
	}
	if err := p.Install(context.Background(), zipPath); err != nil {
		t.Fatal(err)
	}
	swapped := with("otptray.exe", "tray 1.3.0", "otptray-cli.exe", "cli 1.3.0", "otptray.old.exe", "tray 1.2.3", "otptray-cli.old.exe", "cli 1.2.3")
	assertFiles(t, dir, swapped)
	if !p.Pending() {
		t.Error("after the swap no update is pending")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil.exe")); err == nil {
		t.Error("an entry outside the zip's folder was unpacked")
	}

	// The new tray did not start: the old programs come back.
	if err := p.Rollback(); err != nil {
		t.Fatal(err)
	}
	assertFiles(t, dir, with("otptray.exe", "tray 1.2.3", "otptray-cli.exe", "cli 1.2.3"))
	if p.Pending() {
		t.Error("after the rollback an update is pending")
	}

	// Again, and this time the new tray is healthy.
	if err := p.Install(context.Background(), zipPath); err != nil {
		t.Fatal(err)
	}
	assertFiles(t, dir, swapped)
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	assertFiles(t, dir, with("otptray.exe", "tray 1.3.0", "otptray-cli.exe", "cli 1.3.0"))
}

func TestPortableBadZip(t *testing.T) {
	tests := []struct {
		name string
		zip  []byte
		want Failure
	}{
		{"no cli", portableZip(t, map[string]string{"otptray/otptray.exe": "tray 1.3.0"}), NoAsset},
		{"programs outside the folder", portableZip(t, map[string]string{"otptray.exe": "x", "otptray-cli.exe": "y"}), NoAsset},
		{"not a zip", []byte("MZ not a zip"), ""},
	}
	for _, tt := range tests {
		dir := portableCopy(t)
		zipPath := filepath.Join(t.TempDir(), "new.zip")
		os.WriteFile(zipPath, tt.zip, 0o600)
		err := Portable{Dir: dir}.Install(context.Background(), zipPath)
		if err == nil || (tt.want != "" && !IsFailure(err, tt.want)) {
			t.Errorf("%s: Install = %v, want %s", tt.name, err, tt.want)
		}
		// Nothing changed, nothing left over.
		assertFiles(t, dir, map[string]string{
			"otptray.exe": "tray 1.2.3", "otptray-cli.exe": "cli 1.2.3",
			"README.txt": "the user's own notes", "portable": "", "data/tokens.json": `{"tokens":[]}`, "data/settings.json": `{}`,
		})
	}
}

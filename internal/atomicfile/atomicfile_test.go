package atomicfile

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// The crash test re-runs this binary as a child that writes in a loop.
const (
	childEnv     = "OTPTRAY_ATOMICFILE_CHILD"
	childPathEnv = "OTPTRAY_ATOMICFILE_PATH"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "write-loop" {
		writeLoop(os.Getenv(childPathEnv))
		return
	}
	os.Exit(m.Run())
}

// tempDir is t.TempDir without its failing clean-up under Wine 8 (see
// packaging/windows/test.sh): removing what is left is best effort.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "atomicfile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := tempDir(t)
	path := filepath.Join(dir, "f.json")
	for _, content := range []string{"first", "second, longer", ""} {
		if err := Write(path, []byte(content), 0o600); err != nil {
			t.Fatalf("Write %q: %v", content, err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != content {
			t.Fatalf("after Write %q: %q, %v", content, got, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the file", len(entries))
	}
}

func TestWritePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps no permission bits but read-only")
	}
	dir := tempDir(t)
	for _, perm := range []os.FileMode{0o600, 0o644} {
		path := filepath.Join(dir, "f"+strconv.Itoa(int(perm)))
		if err := Write(path, []byte("x"), perm); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != perm {
			t.Errorf("mode %v, want %v", got, perm)
		}
	}
}

// A failed replace leaves the target as it was and no temporary file.
func TestWriteFailureLeavesTargetAndNoTemp(t *testing.T) {
	dir := tempDir(t)
	// A folder with content cannot be replaced by a file on any OS.
	target := filepath.Join(dir, "busy")
	if err := os.MkdirAll(filepath.Join(target, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, []byte("new"), 0o600); err == nil {
		t.Fatal("Write over a non-empty folder succeeded")
	}
	if fi, err := os.Stat(filepath.Join(target, "inside")); err != nil || !fi.IsDir() {
		t.Errorf("the target changed: %v", err)
	}
	if temps := Temps(target); len(temps) > 0 {
		t.Errorf("temporary files left: %q", temps)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the target", len(entries))
	}

	missing := filepath.Join(dir, "no-such-folder", "f")
	if err := Write(missing, []byte("x"), 0o600); err == nil {
		t.Error("Write into a missing folder succeeded")
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("Write created the missing folder")
	}
}

// Temps finds the leftovers of one target only.
func TestTemps(t *testing.T) {
	dir := tempDir(t)
	for _, name := range []string{".a.tmp-1", ".a.tmp-22", ".a.1.tmp-3", "a", ".b.tmp-4"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := Temps(filepath.Join(dir, "a"))
	want := []string{filepath.Join(dir, ".a.tmp-1"), filepath.Join(dir, ".a.tmp-22")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Temps = %q, want %q", got, want)
	}
	if got := Temps(filepath.Join(dir, "none")); len(got) != 0 {
		t.Errorf("Temps of a file never written = %q", got)
	}
}

// version is what the write-loop child writes as its n-th version: a
// header that gives the length and a body that follows from n, so a torn
// or mixed file shows. Sizes vary from a few bytes to ~64 KB.
func version(n int) []byte {
	body := bytes.Repeat([]byte{byte('a' + n%26)}, n*7919%65536)
	return append([]byte(fmt.Sprintf("%d %d\n", n, len(body))), body...)
}

func checkVersion(data []byte) error {
	var n, size int
	if _, err := fmt.Sscanf(string(data), "%d %d\n", &n, &size); err != nil {
		return fmt.Errorf("no header in %d bytes: %w", len(data), err)
	}
	if !bytes.Equal(data, version(n)) {
		return fmt.Errorf("version %d is torn: %d bytes, want %d", n, len(data), len(version(n)))
	}
	return nil
}

func writeLoop(path string) {
	fmt.Println("ready")
	for n := 0; ; n++ {
		if err := Write(path, version(n), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			os.Exit(1)
		}
	}
}

// A writer killed at any moment leaves the file complete (some version) or,
// before its first write, absent.
func TestKilledWriterLeavesCompleteOrNoFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 30 processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := tempDir(t)
	path := filepath.Join(dir, "f")
	absent, midWrite := 0, 0
	for i := range 30 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=write-loop", childPathEnv+"="+path)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, len("ready\n"))
		if _, err := out.Read(buf); err != nil || string(buf) != "ready\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child did not start: %q %v", buf, err)
		}
		// Early kills catch the first write; later ones a replace.
		time.Sleep(time.Duration(i%10) * 2 * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if len(Temps(path)) > 0 {
			midWrite++
		}
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			absent++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := checkVersion(data); err != nil {
			t.Fatalf("after kill %d: %v", i+1, err)
		}
		for _, tmp := range Temps(path) {
			_ = os.Remove(tmp)
		}
		if i%3 == 0 {
			_ = os.Remove(path) // the next child starts without a file
		}
	}
	t.Logf("30 kills: %d before the first write, %d mid-write", absent, midWrite)
}

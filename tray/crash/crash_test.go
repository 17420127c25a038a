package crash

import (
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The child process of TestCrashInAGoroutine: it watches dir, then a
// goroutine panics holding a secret and a code, passing them by value and
// putting them in the panic's message, as a careless bug would.
func TestMain(m *testing.M) {
	if dir := os.Getenv("CRASH_TEST_DIR"); dir != "" {
		if _, err := Watch(dir, "9.9.9"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		go boom(testCode, testSecret)
		time.Sleep(time.Minute) // the panic ends the process first
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var (
	testSecret = []byte("\x8f\x13\xa7\x01\xfe\x42\x99\x10\x07\x5c\xde\x33\x81\x20\x6a\xb4\xc9\x0d\x11\x77")
	testCode   = uint32(492039)
)

//go:noinline
func boom(code uint32, secret []byte) {
	panic(fmt.Sprintf("cannot show code %06d of secret %s (%x, %v)", code, base32.StdEncoding.EncodeToString(secret), secret, secret))
}

// A panic in a goroutine ends the process with a non-zero status and leaves
// a report that names where it failed and holds neither the secret (base32,
// hex, bytes, raw) nor the code (decimal, hex).
func TestCrashInAGoroutine(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CRASH_TEST_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 || exit.ExitCode() == 3 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	reports, err := Collect(dir)
	if err != nil || len(reports) != 1 {
		t.Fatalf("Collect = %v, %v", reports, err)
	}
	if name := filepath.Base(reports[0]); !strings.HasPrefix(name, "crash-") || !strings.HasSuffix(name, ".txt") {
		t.Errorf("report name %s", name)
	}
	data, err := os.ReadFile(reports[0])
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	for _, want := range []string{"otptray 9.9.9\n", "panic: cannot show code", "goroutine ", "crash.boom(...)", "crash_test.go:"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	leaks := map[string]string{
		"base32": base32.StdEncoding.EncodeToString(testSecret),
		"hex":    hex.EncodeToString(testSecret),
		"bytes":  fmt.Sprint(testSecret)[1:20],
		"raw":    string(testSecret[:8]),
		"code":   fmt.Sprint(testCode),
		"0xcode": fmt.Sprintf("%#x", testCode),
	}
	for what, s := range leaks {
		if strings.Contains(strings.ToLower(report), strings.ToLower(s)) {
			t.Errorf("the report holds the %s", what)
		}
	}
	if !strings.Contains(string(out), "cannot show code") {
		t.Errorf("the child's stderr lacks the panic: %s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, pendingPrefix+"*")); len(left) != 0 {
		t.Errorf("pending files left: %v", left)
	}
	info, err := os.Stat(reports[0])
	if err == nil && info.Mode().Perm()&0o077 != 0 {
		t.Errorf("report mode %v", info.Mode())
	}
}

// A run that stopped normally leaves nothing; one that was killed leaves a
// file with the header alone, which the next start removes.
func TestNoCrashNoReport(t *testing.T) {
	dir := t.TempDir()
	stop, err := Watch(dir, "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	stop()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left after stop: %v", entries)
	}
	killed := filepath.Join(dir, pendingPrefix+"123")
	if err := os.WriteFile(killed, []byte("otptray 1.0.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if made, err := Collect(dir); err != nil || len(made) != 0 {
		t.Errorf("Collect = %v, %v", made, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left after Collect: %v", entries)
	}
}

// At most Kept reports stay, the newest; two crashes in the same second get
// two reports.
func TestCollectKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i := range 4 {
		name := filepath.Join(dir, "crash-"+base.Add(time.Duration(i)*time.Hour).Format(stampLayout)+".txt")
		if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("%s%d", pendingPrefix, i))
		if err := os.WriteFile(p, []byte("otptray 1.0.0\npanic: x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := base.Add(48 * time.Hour)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	made, err := Collect(dir)
	if err != nil || len(made) != 3 {
		t.Fatalf("Collect = %v, %v", made, err)
	}
	reports, _ := filepath.Glob(filepath.Join(dir, "crash-*.txt"))
	if len(reports) != Kept {
		t.Fatalf("%d reports kept: %v", len(reports), reports)
	}
	want := []string{"crash-20261201T120000Z.txt", "crash-20261201T130000Z.txt", "crash-20261203T100000Z-2.txt", "crash-20261203T100000Z-3.txt", "crash-20261203T100000Z.txt"}
	for i, r := range reports {
		if filepath.Base(r) != want[i] {
			t.Errorf("kept %s, want %s", filepath.Base(r), want[i])
		}
	}
}

func TestScrub(t *testing.T) {
	in := "panic: bad code 123456 for JBSWY3DPEHPK3PXPJBSWY3DP [recovered]\n" +
		"\tpanic: again 0xc000012345 [1 2 3 4 5]\n\n" +
		"goroutine 7 gp=0xc000102fc0 m=3 mp=0xc000100008 [running]:\n" +
		"main.(*app).task.func1(0x1e240, {0xc000012345, 0x14, 0x14})\n" +
		"\t/src/otptray/tray/work.go:42 +0x65\n" +
		"created by main.main in goroutine 1\n" +
		"\t/src/otptray/main.go:20 +0x25\n"
	want := "panic: bad code [removed] for [removed] [recovered]\n" +
		"\tpanic: again [removed] [removed]\n\n" +
		"goroutine 7 gp=0xc000102fc0 m=3 mp=0xc000100008 [running]:\n" +
		"main.(*app).task.func1(...)\n" +
		"\t/src/otptray/tray/work.go:42 +0x65\n" +
		"created by main.main in goroutine 1\n" +
		"\t/src/otptray/main.go:20 +0x25\n"
	if got := Scrub(in); got != want {
		t.Errorf("Scrub:\n%s\nwant\n%s", got, want)
	}
}

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var builds struct {
	sync.Mutex
	dir  string // made at the first build
	pkgs map[string]*build
}

type build struct {
	once sync.Once
	path string // where the program is, set before the build
	err  error
}

// BuildBinary builds the main package pkg (an import path such as
// "github.com/otptray/otptray/cmd/otptray") once per test process and
// returns the path of the program. It builds with -race when the test binary
// itself was, so that races in the program under test are found too.
//
// The programs live in one folder under os.TempDir for the life of the test
// process; scripts/headless-session removes its whole TMPDIR afterwards.
func BuildBinary(t testing.TB, pkg string) string {
	t.Helper()
	return buildBinary(t, pkg, raceEnabled)
}

// BuildPlainBinary is BuildBinary without -race: for scenarios that run the
// same code in-process under the race detector too, and would otherwise
// spend most of the suite's time in instrumented key derivations.
func BuildPlainBinary(t testing.TB, pkg string) string {
	t.Helper()
	return buildBinary(t, pkg, false)
}

// BuildTaggedBinary is BuildBinary with the build tags given, for test-only
// parts of a program (such as a crash trigger).
func BuildTaggedBinary(t testing.TB, pkg, tags string) string {
	t.Helper()
	return buildBinary(t, pkg, raceEnabled, "-tags="+tags)
}

func buildBinary(t testing.TB, pkg string, race bool, flags ...string) string {
	t.Helper()
	key := pkg
	if race {
		key += " -race"
	}
	for _, f := range flags {
		key += " " + f
	}
	builds.Lock()
	if builds.dir == "" {
		dir, err := os.MkdirTemp("", "otptray-e2e-bin-")
		if err != nil {
			builds.Unlock()
			t.Fatalf("build %s: %v", pkg, err)
		}
		builds.dir = dir
		builds.pkgs = map[string]*build{}
	}
	b := builds.pkgs[key]
	if b == nil {
		// One folder per package: two packages may share a last element.
		b = &build{path: filepath.Join(builds.dir, fmt.Sprint(len(builds.pkgs)), path.Base(pkg))}
		if runtime.GOOS == "windows" {
			b.path += ".exe"
		}
		builds.pkgs[key] = b
	}
	builds.Unlock()

	b.once.Do(func() {
		// No VCS stamp: it needs a usable git and the tests need no stamp.
		args := []string{"build", "-buildvcs=false", "-o", b.path}
		if race {
			args = append(args, "-race")
		}
		args = append(args, flags...)
		args = append(args, pkg)
		// go test puts its own GOROOT/bin first in PATH, so this is the same go.
		out, err := exec.Command("go", args...).CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go %v: %v\n%s", args, err, out)
		}
	})
	if b.err != nil {
		t.Fatalf("build %s: %v", pkg, b.err)
	}
	return b.path
}

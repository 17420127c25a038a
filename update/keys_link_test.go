package update

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The release keys are set with the linker's -X, as a test build of the
// programs does.
func TestKeysSetAtLinkTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	cur, _ := newReleaseKey(t)
	next, _ := newReleaseKey(t)
	bin := filepath.Join(t.TempDir(), "keyprint")
	const pkg = "github.com/otptray/otptray/update"
	ldflags := fmt.Sprintf("-X %s.releaseKey=%s -X %s.nextReleaseKey=%s", pkg, cur.String(), pkg, next.String())
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, "./testdata/keyprint").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatalf("keyprint: %v", err)
	}
	want := fmt.Sprintf("%016X\n%016X\n", cur.ID(), next.ID())
	if string(out) != want {
		t.Errorf("keys built in: %q, want %q", out, want)
	}

	// Without -X the build trusts the keys written in keys.go; with none
	// there it says so, and never passes a release unchecked.
	if releaseKey == "" && nextReleaseKey == "" {
		plain := filepath.Join(t.TempDir(), "keyprint")
		if out, err := exec.Command("go", "build", "-o", plain, "./testdata/keyprint").CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(plain).Output()
		if err == nil || strings.TrimSpace(string(out)) != "update.verify.no_key" {
			t.Errorf("keyprint without keys: %q, %v; want update.verify.no_key and status 1", out, err)
		}
	}
}

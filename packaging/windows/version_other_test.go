//go:build !windows

package windows

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The resources and the MSI take three numbers from the version; anything
// without them (a development build, a bare commit hash) becomes 0.0.0, not
// whatever digits the resource compiler would find first.
func TestVersionNumeric(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.2.3", "1.2.3"},
		{"v1.2.3", "1.2.3"},
		{"1.2.3-4-gabc1234", "1.2.3"},
		{"1.2.3-4-gabc1234-dirty", "1.2.3"},
		{"10.20.30-rc.1", "10.20.30"},
		{"dev", "0.0.0"},
		{"abc1234", "0.0.0"},
		{"1234567", "0.0.0"},
		{"1.2", "0.0.0"},
	}
	for _, tt := range tests {
		out, err := exec.Command("bash", "version.sh", "--numeric", tt.in).Output()
		if err != nil {
			t.Fatalf("version.sh --numeric %s: %v", tt.in, err)
		}
		if got := strings.TrimSpace(string(out)); got != tt.want {
			t.Errorf("version.sh --numeric %s = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Without arguments: "dev" when no v-tag is reachable, else the tag with git
// describe's suffix, without the "v".
func TestVersionOfTree(t *testing.T) {
	out, err := exec.Command("bash", "version.sh").Output()
	if err != nil {
		t.Fatalf("version.sh: %v", err)
	}
	got := strings.TrimSpace(string(out))
	if got != "dev" && !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)*$`).MatchString(got) {
		t.Errorf("version.sh = %q, want dev or a version without v", got)
	}
}

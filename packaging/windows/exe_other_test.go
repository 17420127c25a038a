//go:build !windows

package windows

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// testVersion is stamped into the exes built here, a text found nowhere
// else in them; the resources carry its numbers, testNumeric (1.2.3.0).
const (
	testVersion = "1.2.3-rc.77"
	testNumeric = "1.2.3"
)

var (
	buildMu sync.Mutex
	built   = map[string]string{} // GOARCH -> folder of the exes
)

// exes builds otptray.exe and otptray-cli.exe for arch with build.sh (once
// per test run) and returns their folder.
func exes(t *testing.T, arch string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if d, ok := built[arch]; ok {
		return d
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatalf("build.sh needs bash: %v", err)
	}
	dir, err := os.MkdirTemp("", "otptray-exes-")
	if err != nil {
		t.Fatal(err)
	}
	built[arch] = dir
	if out, err := exec.Command("bash", "build.sh", arch, dir, testVersion).CombinedOutput(); err != nil {
		t.Fatalf("build.sh %s: %v\n%s", arch, err, out)
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range built {
		_ = os.RemoveAll(d)
	}
	os.Exit(code)
}

// The tray has no console window (GUI subsystem, -H=windowsgui); the CLI is
// a console program.
func TestSubsystemAndMachine(t *testing.T) {
	tests := []struct {
		arch      string
		exe       string
		subsystem uint16
		machine   uint16
	}{
		{"amd64", "otptray.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, pe.IMAGE_FILE_MACHINE_AMD64},
		{"amd64", "otptray-cli.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_CUI, pe.IMAGE_FILE_MACHINE_AMD64},
		{"arm64", "otptray.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, pe.IMAGE_FILE_MACHINE_ARM64},
		{"arm64", "otptray-cli.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_CUI, pe.IMAGE_FILE_MACHINE_ARM64},
	}
	for _, tt := range tests {
		t.Run(tt.arch+"/"+tt.exe, func(t *testing.T) {
			f, err := pe.Open(filepath.Join(exes(t, tt.arch), tt.exe))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
			if !ok {
				t.Fatalf("optional header %T, want PE32+", f.OptionalHeader)
			}
			if oh.Subsystem != tt.subsystem {
				t.Errorf("subsystem %d, want %d", oh.Subsystem, tt.subsystem)
			}
			if f.Machine != tt.machine {
				t.Errorf("machine %#x, want %#x", f.Machine, tt.machine)
			}
		})
	}
}

func loadResources(t *testing.T, path string) *winres.ResourceSet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := winres.LoadFromEXE(f)
	if err != nil {
		t.Fatalf("resources of %s: %v", filepath.Base(path), err)
	}
	return rs
}

// iconSizes lists the (width, height) of the images of an icon: from an ICO
// file (16-byte entries after a 6-byte header) or an RT_GROUP_ICON resource
// (14-byte entries). 0 stands for 256.
func iconSizes(t *testing.T, data []byte, entrySize int) [][2]int {
	t.Helper()
	if len(data) < 6 || binary.LittleEndian.Uint16(data[2:]) != 1 {
		t.Fatalf("not an icon directory (%d bytes)", len(data))
	}
	n := int(binary.LittleEndian.Uint16(data[4:]))
	if len(data) < 6+n*entrySize {
		t.Fatalf("icon directory of %d images is cut short", n)
	}
	var sizes [][2]int
	for i := range n {
		e := data[6+i*entrySize:]
		sizes = append(sizes, [2]int{int(e[0]), int(e[1])})
	}
	return sizes
}

// Both exes carry the app icon with every size of icons/otptray.ico (the
// first icon is what Explorer and the taskbar show), the manifest and the
// version information.
func TestResources(t *testing.T) {
	ico, err := os.ReadFile(filepath.Join("..", "..", "icons", "otptray.ico"))
	if err != nil {
		t.Fatal(err)
	}
	wantSizes := iconSizes(t, ico, 16)
	if len(wantSizes) < 4 {
		t.Fatalf("icons/otptray.ico has only %d sizes", len(wantSizes))
	}

	tests := []struct {
		exe         string
		description string
		commonCtl6  bool
	}{
		{"otptray.exe", "otptray - one-time passwords in the system tray", true},
		{"otptray-cli.exe", "otptray-cli - one-time passwords on the command line", false},
	}
	for _, tt := range tests {
		t.Run(tt.exe, func(t *testing.T) {
			rs := loadResources(t, filepath.Join(exes(t, "amd64"), tt.exe))

			// Icon: one group, named APP, whose images are all there.
			var groups []string
			rs.WalkType(winres.RT_GROUP_ICON, func(id winres.Identifier, lang uint16, data []byte) bool {
				groups = append(groups, identifier(id))
				// go-winres puts the largest first; the order does not matter.
				if got := sortedSizes(iconSizes(t, data, 14)); !slices.Equal(got, sortedSizes(wantSizes)) {
					t.Errorf("icon group %s: sizes %v, want %v (icons/otptray.ico)", identifier(id), got, wantSizes)
				}
				for i := range len(wantSizes) {
					e := data[6+i*14:]
					size := binary.LittleEndian.Uint32(e[8:])
					id := binary.LittleEndian.Uint16(e[12:])
					img := rs.Get(winres.RT_ICON, winres.ID(id), winres.LCIDNeutral)
					if uint32(len(img)) != size {
						t.Errorf("icon image %d: %d bytes, want %d", id, len(img), size)
					}
				}
				return true
			})
			if !slices.Equal(groups, []string{"APP"}) {
				t.Errorf("icon groups %v, want [APP]", groups)
			}

			// Manifest.
			m := string(rs.Get(winres.RT_MANIFEST, winres.ID(1), 0x409))
			if m == "" {
				t.Fatal("no manifest (RT_MANIFEST #1)")
			}
			want := []string{
				`level="asInvoker"`,
				`uiAccess="false"`,
				`<dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,`,
				`<supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>`, // Windows 10 and 11
			}
			for _, w := range want {
				if !strings.Contains(m, w) {
					t.Errorf("manifest lacks %s:\n%s", w, m)
				}
			}
			cc6 := strings.Contains(m, `name="Microsoft.Windows.Common-Controls" version="6.0.0.0"`)
			if cc6 != tt.commonCtl6 {
				t.Errorf("manifest asks for common controls v6: %v, want %v", cc6, tt.commonCtl6)
			}

			// Version information: the numbers of the stamped version, the
			// product's name and the exe's own description.
			vi, err := version.FromBytes(rs.Get(winres.RT_VERSION, winres.ID(1), 0x409))
			if err != nil {
				t.Fatalf("version information: %v", err)
			}
			if vi.FileVersion != [4]uint16{1, 2, 3, 0} || vi.ProductVersion != [4]uint16{1, 2, 3, 0} {
				t.Errorf("fixed versions: file %v, product %v; want 1.2.3.0", vi.FileVersion, vi.ProductVersion)
			}
			js, err := vi.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var info struct {
				Info map[string]map[string]string `json:"info"`
			}
			if err := json.Unmarshal(js, &info); err != nil {
				t.Fatal(err)
			}
			strs := info.Info["0409"]
			wantStrs := map[string]string{
				"FileVersion":      testNumeric,
				"ProductVersion":   testNumeric,
				"ProductName":      "otptray",
				"OriginalFilename": tt.exe,
				"FileDescription":  tt.description,
				"CompanyName":      "otptray contributors",
			}
			for k, w := range wantStrs {
				if strs[k] != w {
					t.Errorf("version string %s = %q, want %q", k, strs[k], w)
				}
			}
		})
	}
}

func sortedSizes(s [][2]int) [][2]int {
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b [2]int) int { return (a[0]*1000 + a[1]) - (b[0]*1000 + b[1]) })
	return s
}

func identifier(id winres.Identifier) string {
	switch v := id.(type) {
	case winres.Name:
		return string(v)
	case winres.ID:
		return "#" + strconv.Itoa(int(v))
	}
	return "?"
}

// The version given to build.sh is the one the program reports: the string
// variable main.version (set with -X) holds it.
func TestVersionStamped(t *testing.T) {
	for _, exe := range []string{"otptray.exe", "otptray-cli.exe"} {
		t.Run(exe, func(t *testing.T) {
			// The stripped exes have no symbol table to find main.version
			// by, and -trimpath keeps -ldflags out of the build
			// information: look for the stamped text itself (the
			// resources hold their version in UTF-16, not as these bytes).
			data, err := os.ReadFile(filepath.Join(exes(t, "amd64"), exe))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(testVersion)) {
				t.Errorf("the exe does not contain the version %q", testVersion)
			}
		})
	}
}

// TestStripped: release exes carry no symbol table and no DWARF.
func TestStripped(t *testing.T) {
	for _, exe := range []string{"otptray.exe", "otptray-cli.exe"} {
		t.Run(exe, func(t *testing.T) {
			f, err := pe.Open(filepath.Join(exes(t, "amd64"), exe))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if len(f.Symbols) > 0 {
				t.Errorf("%d symbols: the exe is not stripped (-s)", len(f.Symbols))
			}
			for _, s := range f.Sections {
				if strings.HasPrefix(s.Name, ".debug") || strings.HasPrefix(s.Name, ".zdebug") {
					t.Errorf("section %s: the exe carries DWARF (-w)", s.Name)
				}
			}
		})
	}
}

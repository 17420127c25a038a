package desktop

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/i18n"
)

func TestShellExecuteError(t *testing.T) {
	badExe := syscall.Errno(windows.ERROR_BAD_EXE_FORMAT)
	for _, tt := range []struct {
		code uintptr
		last error
		want error
	}{
		{31, badExe, errNoProgram}, // what Wine reports without an association
		{27, nil, errNoProgram},
		{0, syscall.Errno(windows.ERROR_NO_ASSOCIATION), errNoProgram},
		{2, syscall.Errno(2), os.ErrNotExist},
		{5, syscall.Errno(5), os.ErrPermission},
	} {
		if got := shellExecuteError(tt.code, tt.last); !errors.Is(got, tt.want) {
			t.Errorf("code %d, last error %v: %v, want %v", tt.code, tt.last, got, tt.want)
		}
	}
	if got := shellExecuteError(11, badExe).Error(); strings.Contains(got, "%") {
		t.Errorf("an unknown code shows a system text with placeholders: %q", got)
	}
}

// Under Wine, whose fresh prefix has no program for a made-up extension, the
// message names the file and the extension.
func TestOpenFileWithoutProgram(t *testing.T) {
	if !underWine() {
		t.Skip("a real Windows may offer its Open with dialog: run under Wine only (packaging/windows/test.sh)")
	}
	f, err := os.CreateTemp("", "otptray-open-*.otptraytest")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Best effort: Wine 8 cannot remove files the way Go 1.26 asks.
	defer os.Remove(f.Name())

	err = OpenFile(f.Name())
	if err == nil {
		t.Fatal("OpenFile succeeded without a program for .otptraytest")
	}
	for lang, want := range map[string][]string{
		"en": {f.Name(), "no program is set to open .otptraytest files"},
		"ja": {f.Name(), ".otptraytest ファイルを開くプログラムが設定されていません"},
	} {
		got := i18n.New(lang).Err(err)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", lang, got, w)
			}
		}
		if strings.Contains(got, "%1") {
			t.Errorf("%s: %q shows a placeholder", lang, got)
		}
	}
}

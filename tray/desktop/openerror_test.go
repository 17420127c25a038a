package desktop

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otptray/otptray/i18n"
)

// Where no program is set for a file's kind, the message names the file and
// the extension in words, in English and Japanese; it never shows the
// system's placeholder text.
func TestOpenErrorNoProgram(t *testing.T) {
	path := filepath.Join("data", "help", "index.HTML")
	for _, tt := range []struct {
		lang, target, want string
	}{
		{"en", path, "could not open " + path + ": no program is set to open .html files (choose one in Settings → Apps → Default apps)"},
		{"ja", path, path + " を開けませんでした: .html ファイルを開くプログラムが設定されていません（設定 → アプリ → 既定のアプリで選んでください）"},
		{"en", "README", "could not open README: no program is set to open this kind of file (choose one in Settings → Apps → Default apps)"},
	} {
		err := openError(tt.target, errNoProgram)
		if got := i18n.New(tt.lang).Err(err); got != tt.want {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.lang, tt.target, got, tt.want)
		}
	}
	other := errors.New("access is denied")
	if got := i18n.English().Err(openError(path, other)); got != "could not open "+path+": access is denied" {
		t.Errorf("another cause: %q", got)
	}
	if !errors.Is(openError(path, other), other) {
		t.Error("openError hides its cause")
	}
}

func TestShownTarget(t *testing.T) {
	for raw, want := range map[string]string{
		"file:///C:/Users/a/AppData/Roaming/otptray/help/index.html": filepath.FromSlash("C:/Users/a/AppData/Roaming/otptray/help/index.html"),
		"file:///home/a/.config/otptray/help/index.html":             filepath.FromSlash("/home/a/.config/otptray/help/index.html"),
		"https://example.com/otptray":                                "https://example.com/otptray",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := shownTarget(u, raw); got != want {
			t.Errorf("shownTarget(%s) = %q, want %q", raw, got, want)
		}
		if strings.HasPrefix(raw, "file:") && strings.Contains(shownTarget(u, raw), "file:") {
			t.Errorf("%s is shown as a URL", raw)
		}
	}
}

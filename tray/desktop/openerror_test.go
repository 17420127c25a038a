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
// system's placeholder text. Where no browser is set for a web page, a
// plain sentence says so and where the page is, so that it can be opened by
// hand; for a folder, the same of the file manager.
func TestOpenErrorNoProgram(t *testing.T) {
	path := filepath.Join("data", "export", "tokens.PDF")
	page := filepath.Join("data", "help", "index.HTML")
	for _, tt := range []struct {
		lang, target string
		web          bool
		want         string
	}{
		{"en", path, false, "could not open " + path + ": no program is set to open .pdf files (choose one in Settings → Apps → Default apps)"},
		{"ja", path, false, path + " を開けませんでした: .pdf ファイルを開くプログラムが設定されていません（設定 → アプリ → 既定のアプリで選んでください）"},
		{"en", "README", false, "could not open README: no program is set to open this kind of file (choose one in Settings → Apps → Default apps)"},
		{"en", page, false, "No program is set to open web pages; the page is at " + page + "\nDetails: " + errNoProgram.Error()},
		{"ja", page, false, "ウェブページを開くプログラムが設定されていません。ページは " + page + " にあります。\n詳細: " + errNoProgram.Error()},
		{"en", "https://example.com/faq", true, "No program is set to open web pages; the page is at https://example.com/faq\nDetails: " + errNoProgram.Error()},
	} {
		err := openError(tt.target, tt.web, errNoProgram)
		if got := i18n.New(tt.lang).Err(err); got != tt.want {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.lang, tt.target, got, tt.want)
		}
	}
	dir := filepath.Join("data")
	if got, want := i18n.English().Short(folderError(dir, errNoProgram)), "No program is set to show folders; the folder is at "+dir; got != want {
		t.Errorf("folder: %q, want %q", got, want)
	}
	other := errors.New("access is denied")
	if got := i18n.English().Err(openError(path, false, other)); got != "could not open "+path+": access is denied" {
		t.Errorf("another cause: %q", got)
	}
	if got := i18n.English().Err(folderError(dir, other)); got != "could not open "+dir+": access is denied" {
		t.Errorf("another cause, folder: %q", got)
	}
	if !errors.Is(openError(path, false, other), other) {
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

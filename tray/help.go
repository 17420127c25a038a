package tray

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/otptray/otptray"
	"github.com/otptray/otptray/tray/menu"
)

// The help pages are local HTML files, so that they work offline and match
// this version. They are written to the user's cache folder and opened in
// the browser.
//
//go:embed help/layout.html help/en/*.html help/ja/*.html
var helpFiles embed.FS

// helpPages lists the pages, in the order of the navigation bar.
var helpPages = []string{menu.PageStart, menu.PageWhere, menu.PageTyping, menu.PageTokens, menu.PageFAQ, menu.PageLicense}

// pageInfo is what the pages show about this installation.
type pageInfo struct {
	Version string
	DataDir string
}

// helpDir is where the pages are written: the user's cache folder.
func helpDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "otptray", "help"), nil
}

// renderHelpPage returns the HTML of page in lang ("en", "ja"), with links
// to the other pages as files in the same folder.
func renderHelpPage(page, lang string, info pageInfo) ([]byte, error) {
	if lang != "ja" {
		lang = "en"
	}
	tmpl := func(p string) (*template.Template, error) {
		return template.ParseFS(helpFiles, "help/layout.html", "help/"+lang+"/"+p+".html")
	}
	t, err := tmpl(page)
	if err != nil {
		return nil, fmt.Errorf("help page %s/%s: %w", lang, page, err)
	}
	type link struct{ URL, Title string }
	var nav []link
	for _, p := range helpPages {
		pt, err := tmpl(p)
		if err != nil {
			return nil, fmt.Errorf("help page %s/%s: %w", lang, p, err)
		}
		var title bytes.Buffer
		if err := pt.ExecuteTemplate(&title, "title", nil); err != nil {
			return nil, err
		}
		nav = append(nav, link{helpFileName(p, lang), title.String()})
	}
	var title bytes.Buffer
	if err := t.ExecuteTemplate(&title, "title", nil); err != nil {
		return nil, err
	}
	data := map[string]any{
		"Lang": lang, "Title": title.String(), "Nav": nav,
		"Version": info.Version, "DataDir": info.DataDir, "License": otptray.License,
	}
	var out bytes.Buffer
	for _, part := range []string{"top", "body", "bottom"} {
		if err := t.ExecuteTemplate(&out, part, data); err != nil {
			return nil, fmt.Errorf("help page %s/%s: %w", lang, page, err)
		}
	}
	return out.Bytes(), nil
}

func helpFileName(page, lang string) string { return page + "." + lang + ".html" }

// writeHelpPage writes all pages in lang to helpDir (so that the links
// between them work) and returns the file URL of page.
func writeHelpPage(page, lang string, info pageInfo) (string, error) {
	dir, err := helpDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if lang != "ja" {
		lang = "en"
	}
	for _, p := range helpPages {
		html, err := renderHelpPage(p, lang, info)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, helpFileName(p, lang)), html, 0o600); err != nil {
			return "", err
		}
	}
	return fileURL(filepath.Join(dir, helpFileName(page, lang))), nil
}

// fileURL is the file:// URL of an absolute path, on every platform
// (C:\x becomes file:///C:/x).
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// openPage writes the help pages and opens page in the browser, on a worker
// (the opener may take a moment to report).
func (a *app) openPage(page string) {
	lang, info, target := a.loc.Lang(), pageInfo{Version: a.Version, DataDir: a.Store.Dir}, a.loc.T("tray.help")
	sys := a.Sys
	a.effect(a.loop.other, func() func(time.Time) {
		u, err := writeHelpPage(page, lang, info)
		if err != nil {
			err = wrap("tray.err.open", err, "Target", target)
		} else {
			err = sys.OpenURL(u)
		}
		return func(time.Time) { a.problem(menu.ProblemOpen, err) }
	})
}

// open opens target with opener (the browser, the file manager) on a
// worker; a failure becomes a problem line.
func (a *app) open(opener func(string) error, target string) {
	a.effect(a.loop.other, func() func(time.Time) {
		err := opener(target)
		return func(time.Time) { a.problem(menu.ProblemOpen, err) }
	})
}

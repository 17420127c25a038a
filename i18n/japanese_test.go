package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// isJapanese: kana, kanji, the long vowel mark and full-width punctuation
// and brackets (、。「」（）： and the like).
func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff01 && r <= 0xff60) || r == 'ー'
}

// allowedSpaced are phrases that keep their spaces: Windows' own Japanese
// names of its settings and tools, quoted as they appear on screen.
var allowedSpaced = []string{"システム トレイ アイコン", "タスク マネージャー", "ユーザー アカウント制御"}

// quotedCommand is a command line quoted in a sentence
// ('otptray-cli restore ファイル'), whose spaces separate arguments.
var quotedCommand = regexp.MustCompile(`'otptray-cli[^'\n]*'`)

// commandLines drops the lines of a usage text that are command lines (the
// synopsis: "使い方: otptray-cli rename 名前 新しい名前" and the lines that
// continue it), and blanks quoted command lines.
func commandLines(text string) string {
	var keep []string
	for _, l := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "使い方:") || strings.HasPrefix(trimmed, "otptray-cli ") {
			continue
		}
		keep = append(keep, quotedCommand.ReplaceAllString(l, "'CMD'"))
	}
	return strings.Join(keep, "\n")
}

// straySpaces lists the places in a Japanese text where a half-width space
// follows a Japanese full stop or comma (「表示されます。 その行」), or stands
// alone between two Japanese characters (「2 秒 進んで」). Runs of two or more
// spaces between words are column alignment (the flag tables of the usage
// texts) and pass.
func straySpaces(text string) []string {
	for _, a := range allowedSpaced {
		text = strings.ReplaceAll(text, a, strings.ReplaceAll(a, " ", ""))
	}
	rs := []rune(text)
	var found []string
	for i := 1; i < len(rs)-1; i++ {
		if rs[i] != ' ' || rs[i-1] == ' ' {
			continue
		}
		j := i
		for j < len(rs) && rs[j] == ' ' {
			j++
		}
		if j == len(rs) || rs[j] == '\n' {
			continue
		}
		prev, next := rs[i-1], rs[j]
		afterStop := prev == '。' || prev == '、'
		between := j == i+1 && isJapanese(prev) && isJapanese(next)
		if afterStop || between {
			lo, hi := max(0, i-8), min(len(rs), j+8)
			found = append(found, strings.ReplaceAll(string(rs[lo:hi]), "\n", "⏎"))
		}
	}
	return found
}

var (
	htmlCode  = regexp.MustCompile(`(?s)<(code|pre)[ >].*?</(code|pre)>`)
	htmlBlock = regexp.MustCompile(`</?(p|li|ul|ol|h[1-6]|br|div|table|tr|td|th|dl|dt|dd)\b[^>]*>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>|\{\{[^}]*\}\}`)
	htmlSpace = regexp.MustCompile(`[ \t\r\n]+`)
)

// htmlText is the text of an HTML page as a browser lays it out: inside a
// paragraph a line break is a space (Chromium shows one between two
// Japanese characters too), paragraphs are separate lines, and code is
// left out (a command line keeps its spaces).
func htmlText(page string) string {
	page = htmlCode.ReplaceAllString(page, "CODE")
	page = htmlBlock.ReplaceAllString(page, "\n\n")
	page = htmlTag.ReplaceAllString(page, "")
	var out []string
	for _, block := range strings.Split(page, "\n\n") {
		out = append(out, strings.TrimSpace(htmlSpace.ReplaceAllString(block, " ")))
	}
	return strings.Join(out, "\n")
}

func TestStraySpaces(t *testing.T) {
	for text, want := range map[string]int{
		"表示されます。 その行":              1,
		"表示されます。その行":               0,
		"時計が 2 秒 進んでいます":           1,
		"otptray のアイコン":            0,
		"  --name 名前          表示名": 0,
		"はい、 いいえ":                  1,
		"終わり。 ":                    0,
		"その他のシステム トレイ アイコン":        0,
	} {
		if got := straySpaces(text); len(got) != want {
			t.Errorf("straySpaces(%q) = %q, want %d", text, got, want)
		}
	}
	if got := commandLines("使い方: otptray-cli rename 名前 新しい名前\n        otptray-cli vip export 名前 ファイル\n'otptray-cli restore ファイル' で。 次"); len(straySpaces(got)) != 1 {
		t.Errorf("command lines: %q", straySpaces(got))
	}
	if got := htmlText("<p>表示されます。\nその行</p>\n<p>次</p>"); len(straySpaces(got)) != 1 {
		t.Errorf("a line break inside a paragraph is not seen as a space: %q", got)
	}
	if got := htmlText("<p>終わり。</p>\n<p>次</p><p><code>rename 名前 新しい名前</code></p>"); len(straySpaces(got)) != 0 {
		t.Errorf("paragraphs or code seen as stray spaces: %q", got)
	}
}

// TestJapaneseHasNoStraySpaces: no Japanese message of the catalogue and no
// Japanese help page puts a half-width space between Japanese sentences or
// words.
func TestJapaneseHasNoStraySpaces(t *testing.T) {
	for id, text := range catalogue(t)["ja"] {
		for _, f := range straySpaces(commandLines(text)) {
			t.Errorf("message %s: stray space in %q", id, f)
		}
	}
	pages, err := filepath.Glob(filepath.Join(moduleRoot(t), "tray", "help", "ja", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no Japanese help pages found: %v", err)
	}
	for _, p := range pages {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range straySpaces(htmlText(string(raw))) {
			t.Errorf("%s: stray space in %q", filepath.Base(p), f)
		}
	}
}

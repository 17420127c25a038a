package wintray

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// protocolCommand is where the tray registers the program that Windows
// starts with the otptray: URL of a pressed toast button.
const protocolCommand = `HKCU\Software\Classes\otptray\shell\open\command`

// failedToast is the tray's log line for a notice whose toast failed (as
// toasts do under Wine) and was shown as a balloon: it names the toast's
// tag, n<notice ID>.
var failedToast = regexp.MustCompile(`toast n([0-9]+): `)

// toastButtonCopies runs exactly what a press on the Copy button of the
// new-code toast launches: the command registered for otptray: with the
// button's URL. The running tray then copies the code, as the button of a
// freedesktop notification does. Under Wine the toast itself fails, so the
// notice's ID comes from the tray's log line about it; a URL for another
// notice, or one that is not a button's, copies nothing and leaves the
// tray running.
func (e *env) toastButtonCopies(t *testing.T) {
	var id uint64
	if !poll(20*time.Second, func() bool {
		m := failedToast.FindAllStringSubmatch(e.tray.out.String(), -1)
		if len(m) == 0 {
			return false
		}
		id, _ = strconv.ParseUint(m[len(m)-1][1], 10, 32)
		return true
	}) {
		t.Fatalf("no notice was shown (no failed toast logged); otptray.exe says: %s", e.tray.out)
	}
	command, err := defaultValue(protocolCommand)
	if err != nil {
		t.Fatal(err)
	}
	exe, ok := strings.CutSuffix(command, `" "%1"`)
	exe, ok2 := strings.CutPrefix(exe, `"`)
	if !ok || !ok2 || !strings.HasSuffix(strings.ToLower(exe), `\otptray.exe`) {
		t.Fatalf("otptray: starts %q, want \"...\\otptray.exe\" \"%%1\"", command)
	}
	fastID, err := tokenID(e.tokens, e.fast.Name)
	if err != nil {
		t.Fatal(err)
	}
	press := func(url string) (int, string) {
		t.Helper()
		p, err := start(exe, url)
		if err != nil {
			t.Fatal(err)
		}
		code, err := p.wait(60 * time.Second)
		if err != nil {
			t.Fatalf("otptray.exe %s: %v", url, err)
		}
		return code, p.out.String()
	}
	unchanged := func(what string) {
		t.Helper()
		time.Sleep(2 * time.Second)
		if got, _ := clipboard(); got != "-" {
			t.Errorf("%s: the clipboard holds %q, want it untouched", what, got)
		}
		if !e.tray.running() {
			t.Fatalf("%s: the tray ended: %s", what, e.tray.out)
		}
	}

	if err := setClipboard("-"); err != nil {
		t.Fatal(err)
	}
	other := fmt.Sprintf("otptray:notice=%d&action=copy&token=%s", uint32(id+1), fastID)
	if code, out := press(other); code != 0 {
		t.Errorf("a URL of another notice: status %d, want 0 (handed over, then dropped by the tray): %s", code, out)
	}
	unchanged("a URL of another notice")
	hostile := fmt.Sprintf("otptray:notice=%d&action=copy&token=%s&code=424242", id, fastID)
	if code, out := press(hostile); code != 2 || strings.Contains(out, "424242") {
		t.Errorf("a URL that is not a button's: status %d, output %q; want 2, without the URL", code, out)
	}
	unchanged("a URL that is not a button's")

	since := time.Now()
	url := fmt.Sprintf("otptray:notice=%d&action=copy&token=%s", id, fastID)
	if code, out := press(url); code != 0 {
		t.Fatalf("the button's URL: status %d: %s", code, out)
	}
	if err := e.waitClipboard(e.fast, since); err != nil {
		t.Fatalf("after the button's URL: %v\notptray.exe says: %s", err, e.tray.out)
	}
}

// defaultValue reads the (Default) value of a key with `wine reg query`.
func defaultValue(key string) (string, error) {
	out, err := run(60*time.Second, "", "wine", "reg", "query", key, "/ve")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(strings.ReplaceAll(out, "\r", ""), "\n") {
		if _, v, ok := strings.Cut(line, "REG_SZ"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("%s has no default value: %s", key, out)
}

// tokenID is the ID of the token named name in tokens.json.
func tokenID(path, name string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var doc struct {
		Tokens []struct{ ID, Name string } `json:"tokens"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	for _, tok := range doc.Tokens {
		if tok.Name == name {
			return tok.ID, nil
		}
	}
	return "", fmt.Errorf("no token %q in %s", name, path)
}

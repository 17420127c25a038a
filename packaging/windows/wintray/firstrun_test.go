package wintray

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The toast sender's key, and the IconUri a go-toast registration of an
// earlier version may have left there: a temporary icon that beeep has
// since removed. go-toast never replaces it; the tray must.
const (
	appIDKey   = `HKCU\Software\Classes\AppUserModelId\otptray`
	staleIcon  = `C:\gone\beeep-icon.png`
	staleAppID = `
[HKEY_CURRENT_USER\Software\Classes\AppUserModelId\otptray]
"DisplayName"="old name"
"IconUri"="C:\\gone\\beeep-icon.png"
`
)

// toastTried says whether the tray has tried a toast: it registers its
// name and icon just before the first one.
func toastTried() bool {
	v, ok := regValue(appIDKey, "IconUri")
	return ok && v != staleIcon
}

// toastSender checks the key the first toast (the first-run hint) left:
// otptray's name and an icon file that exists.
func (e *env) toastSender(t *testing.T) {
	if !poll(15*time.Second, toastTried) {
		t.Fatalf("IconUri of %s is still the stale one 15 s after the start; otptray.exe says: %s", appIDKey, e.tray.out)
	}
	if v, ok := regValue(appIDKey, "DisplayName"); !ok || v != "otptray" {
		t.Errorf("DisplayName of %s is %q, want otptray", appIDKey, v)
	}
	icon, _ := regValue(appIDKey, "IconUri")
	out, err := run(60*time.Second, "", "winepath", "-u", icon)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(strings.TrimSpace(out)); err != nil {
		t.Errorf("IconUri %q names no file: %v", icon, err)
	}
}

// firstRunHint checks that the first start delivered the hint where the
// icon is (a balloon under Wine, where toasts fail) and remembered it.
func (e *env) firstRunHint(t *testing.T) {
	var got any
	ok := poll(15*time.Second, func() bool {
		s, err := settings(e.tokens)
		if err != nil {
			return false
		}
		got = s["tray_hint"]
		return got == "shown"
	})
	if !ok {
		t.Fatalf("tray_hint is %v 15 s after the first start, want shown; otptray.exe says: %s", got, e.tray.out)
	}
}

// hintNotOwedAgain checks, after a later start, that the hint is still
// marked shown: that start did not owe it again.
func (e *env) hintNotOwedAgain(t *testing.T) {
	s, err := settings(e.tokens)
	if err != nil {
		t.Fatal(err)
	}
	if s["tray_hint"] != "shown" || s["first_run_done"] != true {
		t.Errorf("after the second start tray_hint is %v and first_run_done %v, want shown and true", s["tray_hint"], s["first_run_done"])
	}
}

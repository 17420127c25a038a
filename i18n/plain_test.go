package i18n

import (
	"errors"
	"strings"
	"testing"

	"github.com/otptray/otptray/internal/msg"
)

// A plain message is shown alone, whatever wraps it, with its cause on a
// details line; Short leaves the details out.
func TestPlainMessage(t *testing.T) {
	cause := errors.New("dial tcp: lookup pool.ntp.org on 10.255.255.53:53: no such host")
	plain := msg.NewPlain("clocksync.net.offline", msg.New("clocksync.failed", cause, "Detail", "ntp pool.ntp.org"))
	err := msg.New("tray.err.clock", plain)
	en, ja := New("en"), New("ja")
	wantEN := "No internet connection: the clock could not be checked. Try again once you are online.\n" +
		"Details: cannot measure the clock: no time server answered (ntp pool.ntp.org); the stored correction was left as it was: " + cause.Error()
	if got := en.Err(err); got != wantEN {
		t.Errorf("en:\n got %q\nwant %q", got, wantEN)
	}
	if got := en.Short(err); got != strings.SplitN(wantEN, "\n", 2)[0] {
		t.Errorf("en short: %q", got)
	}
	got := ja.Err(err)
	first, details, _ := strings.Cut(got, "\n")
	if first != "インターネットに接続されていないため、時計を確認できませんでした。接続してから、もう一度お試しください。" {
		t.Errorf("ja: %q", first)
	}
	if !strings.HasPrefix(details, "詳細: ") || !strings.HasSuffix(details, cause.Error()) {
		t.Errorf("ja details: %q", details)
	}
	if got := ja.Short(err); got != first {
		t.Errorf("ja short: %q", got)
	}
	// Without a cause, no details line.
	if got := en.Err(msg.NewPlain("desktop.open.no_browser", nil, "Target", "/x/start.html")); got != "No program is set to open web pages; the page is at /x/start.html" {
		t.Errorf("no cause: %q", got)
	}
	// A chain without a plain message is as before, on one line.
	if got, want := en.Err(msg.New("tray.err.clock", cause)), "cannot check the clock: "+cause.Error(); got != want || en.Short(msg.New("tray.err.clock", cause)) != want {
		t.Errorf("ordinary chain: %q", got)
	}
	// A multi-line cause is folded into the one details line.
	if got := en.Err(msg.NewPlain("clocksync.net.offline", errors.New("a\nb"))); !strings.HasSuffix(got, "\nDetails: a b") {
		t.Errorf("multi-line details: %q", got)
	}
}

// Every plain network message of each area tells, in the user's language,
// that the work could not be done; none names the system's error.
func TestNetworkMessages(t *testing.T) {
	cat := catalogue(t)
	for _, area := range []string{"clocksync", "update", "vip"} {
		for _, kind := range []string{"offline", "refused", "timeout", "tls"} {
			id := area + ".net." + kind
			for _, lang := range Languages {
				text, ok := cat[lang][id]
				if !ok {
					t.Errorf("%s: no %s message", id, lang)
					continue
				}
				if strings.Contains(text, "Details") || strings.Contains(text, "dial") || strings.Contains(text, "lookup") {
					t.Errorf("%s (%s) names the technical detail: %q", id, lang, text)
				}
			}
			if kind == "offline" && !strings.HasPrefix(cat["en"][id], "No internet connection: ") {
				t.Errorf("%s: %q", id, cat["en"][id])
			}
			if kind == "offline" && !strings.HasPrefix(cat["ja"][id], "インターネットに接続されていないため、") {
				t.Errorf("%s (ja): %q", id, cat["ja"][id])
			}
		}
	}
}

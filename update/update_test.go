package update

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
)

// release is a feed body in the shape of GitHub's latest-release answer.
func release(tag string) string {
	return `{"url":"https://api.github.com/repos/otptray/otptray/releases/1",` +
		`"html_url":"https://github.com/otptray/otptray/releases/tag/` + tag + `",` +
		`"tag_name":"` + tag + `","name":"otptray ` + tag + `","draft":false,"prerelease":false,` +
		`"assets":[{"name":"otptray-windows-amd64.msi","browser_download_url":"https://example.invalid/a.msi"}],` +
		`"body":"Release notes"}`
}

// feedServer answers every request with status and body, and records the
// request's User-Agent.
func feedServer(t *testing.T, status int, body string) (*httptest.Server, *string) {
	t.Helper()
	ua := new(string)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, ua
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		tag     string
		current string
		want    Result
	}{
		{"newer", "v1.3.0", "1.2.3", Result{Latest: "1.3.0", Newer: true}},
		{"newer patch", "v1.2.4", "v1.2.3", Result{Latest: "1.2.4", Newer: true}},
		{"same", "v1.2.3", "1.2.3", Result{Latest: "1.2.3"}},
		{"same, tag without v", "1.2.3", "v1.2.3", Result{Latest: "1.2.3"}},
		{"older", "v1.2.2", "1.2.3", Result{Latest: "1.2.2"}},
		{"release after our prerelease", "v1.3.0", "1.3.0-rc.1", Result{Latest: "1.3.0", Newer: true}},
		{"prerelease of ours", "v1.3.0-rc.1", "1.3.0", Result{Latest: "1.3.0-rc.1"}},
		{"numeric, not text, order", "v1.10.0", "1.9.0", Result{Latest: "1.10.0", Newer: true}},
		{"build after the latest tag", "v1.2.3", "1.2.3-4-gabc1234", Result{Latest: "1.2.3"}},
		{"dirty build after the latest tag", "v1.2.3", "1.2.3-4-gabc1234-dirty", Result{Latest: "1.2.3"}},
		{"build after an older tag", "v1.2.4", "1.2.3-4-gabc1234", Result{Latest: "1.2.4", Newer: true}},
		{"dev build", "v1.3.0", "dev", Result{Latest: "1.3.0", Dev: true}},
		{"no version", "v1.3.0", "", Result{Latest: "1.3.0", Dev: true}},
		{"dev build, old release", "v0.0.1", "dev", Result{Latest: "0.0.1", Dev: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, ua := feedServer(t, http.StatusOK, release(tt.tag))
			got, err := Check(context.Background(), srv.URL, tt.current)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			tt.want.URL = "https://github.com/otptray/otptray/releases/tag/" + tt.tag
			tt.want.Assets = []Asset{{Name: "otptray-windows-amd64.msi", URL: "https://example.invalid/a.msi"}}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check = %+v, want %+v", got, tt.want)
			}
			wantUA := "otptray/" + strings.TrimPrefix(tt.current, "v")
			if *ua != wantUA {
				t.Errorf("User-Agent = %q, want %q", *ua, wantUA)
			}
		})
	}
}

// checkErr is the rendered English error of a failed check.
func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		wantID string // message ID of the cause
		want   string // the English line
	}{
		{"404", http.StatusNotFound, `{"message":"Not Found"}`, "update.status",
			"could not check for updates: the update server answered 404 Not Found"},
		{"server error", http.StatusBadGateway, ``, "update.status",
			"could not check for updates: the update server answered 502 Bad Gateway"},
		{"malformed JSON", http.StatusOK, `{"tag_name": "v1.3.0",`, "update.bad_feed",
			"could not check for updates: the update server's answer is not a release feed: unexpected end of JSON input"},
		{"HTML instead of JSON", http.StatusOK, `<html>Sign in</html>`, "update.bad_feed",
			"could not check for updates: the update server's answer is not a release feed: invalid character '<' looking for beginning of value"},
		{"no tag", http.StatusOK, `{"html_url":"https://github.com/otptray/otptray/releases"}`, "update.bad_version",
			`could not check for updates: the update server names no valid version ("")`},
		{"tag not a version", http.StatusOK, `{"tag_name":"nightly","html_url":"https://github.com/x"}`, "update.bad_version",
			`could not check for updates: the update server names no valid version ("nightly")`},
		{"page not a web address", http.StatusOK, `{"tag_name":"v1.3.0","html_url":"file:///C:/Windows/System32/calc.exe"}`, "update.bad_url",
			"could not check for updates: the update server gives no valid address for the release page"},
		{"no page", http.StatusOK, `{"tag_name":"v1.3.0"}`, "update.bad_url",
			"could not check for updates: the update server gives no valid address for the release page"},
		{"too large", http.StatusOK, `{"tag_name":"v1.3.0","body":"` + strings.Repeat("x", MaxFeedSize) + `"}`, "update.too_large",
			"could not check for updates: the update server's answer is larger than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := feedServer(t, tt.status, tt.body)
			got, err := Check(context.Background(), srv.URL, "1.2.3")
			if err == nil {
				t.Fatalf("Check = %+v, want an error", got)
			}
			if !reflect.DeepEqual(got, Result{}) {
				t.Errorf("Check returned %+v with its error, want the zero Result", got)
			}
			assertIDs(t, err, "update.check", tt.wantID)
			if s := inEnglish(err); s != tt.want {
				t.Errorf("error:\n got %s\nwant %s", s, tt.want)
			}
		})
	}
}

// assertIDs checks the message IDs of the first two links of err's chain.
func assertIDs(t *testing.T, err error, outer, inner string) {
	t.Helper()
	var e *msg.Error
	if !errors.As(err, &e) || e.ID != outer {
		t.Fatalf("error %v: want message %s outermost", err, outer)
	}
	var c *msg.Error
	if !errors.As(e.Cause, &c) || c.ID != inner {
		t.Fatalf("error %v: want cause with message %s", err, inner)
	}
}

func TestCheckTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // answer only after the client gave up
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	c := Checker{Timeout: 50 * time.Millisecond}
	_, err := c.Check(context.Background(), srv.URL, "1.2.3")
	if err == nil {
		t.Fatal("Check succeeded against a server that never answers")
	}
	assertIDs(t, err, "update.check", "update.timeout")
	// The message rounds to whole seconds, as users read it.
	if want := "could not check for updates: the update server did not answer within 0 seconds"; inEnglish(err) != want {
		t.Errorf("error = %q, want %q", inEnglish(err), want)
	}
	if d := DefaultTimeout; d != 10*time.Second {
		t.Errorf("DefaultTimeout = %v, want 10s", d)
	}
}

func TestCheckTimeoutMessage(t *testing.T) {
	err := msg.New("update.check", msg.New("update.timeout", nil, "Seconds", int(DefaultTimeout/time.Second)))
	if want := "could not check for updates: the update server did not answer within 10 seconds"; inEnglish(err) != want {
		t.Errorf("error = %q, want %q", inEnglish(err), want)
	}
	ja := i18n.New("ja").Err(err)
	if want := "更新を確認できませんでした: 更新サーバーが 10 秒以内に応答しませんでした"; ja != want {
		t.Errorf("Japanese error = %q, want %q", ja, want)
	}
}

func TestCheckCanceled(t *testing.T) {
	srv, _ := feedServer(t, http.StatusOK, release("v1.3.0"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Check(ctx, srv.URL, "1.2.3")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Check with a canceled context: error %v, want context.Canceled", err)
	}
}

func TestCheckBadFeedURL(t *testing.T) {
	_, err := Check(context.Background(), "http://[::1", "1.2.3")
	if err == nil {
		t.Fatal("Check accepted a malformed feed address")
	}
	var e *msg.Error
	if !errors.As(err, &e) || e.ID != "update.check" {
		t.Fatalf("error %v: want message update.check", err)
	}
	if !strings.HasPrefix(inEnglish(err), `could not check for updates: the update feed address "http://[::1" is not valid`) {
		t.Errorf("error = %q", inEnglish(err))
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1.2.3", "v1.2.3", true},
		{"v1.2.3", "v1.2.3", true},
		{" v1.2.3\n", "v1.2.3", true},
		{"1.2", "v1.2.0", true},
		{"1.2.3-rc.1", "v1.2.3-rc.1", true},
		{"1.2.3+build.5", "v1.2.3", true},
		{"1.2.3-12-g0123abc", "v1.2.3", true},
		{"1.2.3-dirty", "v1.2.3", true},
		{"1.2.3-rc.1-2-g0123abc-dirty", "v1.2.3-rc.1", true},
		{"dev", "", false},
		{"", "", false},
		{"v", "", false},
		{"0123abc", "", false},
		{"1.2.3.4", "", false},
		{"latest", "", false},
	}
	for _, tt := range tests {
		got, ok := canonical(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("canonical(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDue(t *testing.T) {
	last := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		last time.Time
		now  time.Time
		want bool
	}{
		{"never checked", time.Time{}, last, true},
		{"just checked", last, last, false},
		{"an hour later", last, last.Add(time.Hour), false},
		{"a second short of a day", last, last.Add(Interval - time.Second), false},
		{"a day later", last, last.Add(Interval), true},
		{"a week later", last, last.Add(7 * Interval), true},
		{"clock set back", last, last.Add(-time.Minute), true},
	}
	for _, tt := range tests {
		if got := Due(tt.last, tt.now); got != tt.want {
			t.Errorf("%s: Due = %v, want %v", tt.name, got, tt.want)
		}
	}
}

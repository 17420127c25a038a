package update

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The feed, every redirect on the way to it, and the release page it names
// are https addresses; http only to this computer.
func TestCheckInsecureAddresses(t *testing.T) {
	// An insecure address is refused before any request: this host
	// resolves nowhere, so asking it would fail with another error.
	trapHost := "otptray-test.invalid"

	redirect := func(to string) *httptest.Server {
		srv := httptest.NewTLSServer(http.RedirectHandler(to, http.StatusFound))
		t.Cleanup(srv.Close)
		return srv
	}
	page := func(url string) *httptest.Server {
		srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"tag_name":"v1.3.0","html_url":"` + url + `"}`))
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	good := page("https://github.com/otptray/otptray/releases/tag/v1.3.0")
	httpToHTTPS := redirect(good.URL + "/feed")

	tests := []struct {
		name   string
		feed   *httptest.Server // its URL is the feed; nil: url
		url    string
		wantID string // "": no error
	}{
		{"http feed", nil, "http://" + trapHost + "/feed", "update.insecure_feed"},
		{"http feed with a password", nil, "http://me:secret@" + trapHost + "/feed", "update.insecure_feed"},
		{"ftp feed", nil, "ftp://" + trapHost + "/feed", "update.insecure_feed"},
		{"redirect to http", redirect("http://" + trapHost + "/feed"), "", "update.insecure_feed"},
		{"redirect to https", httpToHTTPS, "", ""},
		{"release page over http", page("http://github.com/otptray/otptray/releases/tag/v1.3.0"), "", "update.bad_url"},
		{"release page https", good, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Checker{}
			feed := tt.url
			if tt.feed != nil {
				c.Client = tt.feed.Client()
				// Every httptest TLS server has the same certificate, so this
				// client also trusts the redirect's target.
				feed = tt.feed.URL + "/feed"
			}
			res, err := c.Check(context.Background(), feed, "1.2.3")
			if tt.wantID == "" {
				if err != nil || res.Latest != "1.3.0" {
					t.Fatalf("Check = %+v, %v; want 1.3.0", res, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check = %+v, want an error", res)
			}
			assertIDs(t, err, "update.check", tt.wantID)
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the feed's password")
			}
		})
	}
	// Loopback http (a test's feed) stays allowed.
	srv, _ := feedServer(t, http.StatusOK, release("v1.3.0"))
	if res, err := Check(context.Background(), srv.URL, "1.2.3"); err != nil || !res.Newer {
		t.Errorf("loopback http feed: %+v, %v", res, err)
	}
}

package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/otptray/otptray/token"
)

// feed serves a release feed naming tag, or answers status when it is not 200.
func feed(t *testing.T, status int, tag string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		if status == http.StatusOK {
			_, _ = w.Write([]byte(`{"tag_name":"` + tag + `","html_url":"https://github.com/otptray/otptray/releases/tag/` + tag + `","assets":[]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestUpdate(t *testing.T) {
	defer func(v string) { version = v }(version)
	tests := []struct {
		name     string
		version  string
		status   int
		tag      string
		code     int
		out, err string
	}{
		{"newer", "1.2.3", 200, "v1.3.0", 0,
			"otptray 1.3.0 is available (you have 1.2.3): https://github.com/otptray/otptray/releases/tag/v1.3.0\n", ""},
		{"latest", "1.3.0", 200, "v1.3.0", 0, "You have the latest version of otptray (1.3.0).\n", ""},
		{"newer than the feed", "1.4.0", 200, "v1.3.0", 0, "You have the latest version of otptray (1.4.0).\n", ""},
		{"dev build", "dev", 200, "v1.3.0", 0, "This is a development build of otptray; the latest release is 1.3.0.\n", ""},
		{"not found", "1.2.3", 404, "", 1, "", "otptray-cli: could not check for updates: the update server answered 404 Not Found\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			version = tt.version
			h := newHarness(t)
			r := h.run("", "update", "--feed", feed(t, tt.status, tt.tag))
			if r.code != tt.code || r.stdout != tt.out || r.stderr != tt.err {
				t.Errorf("update = %d\nstdout %q\nstderr %q\nwant %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr, tt.code, tt.out, tt.err)
			}
		})
	}
}

// The feed comes from --feed, else OTPTRAY_UPDATE_FEED, else the settings.
func TestUpdateFeedChoice(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "1.0.0"
	settings := feed(t, 200, "v2.0.0")
	env := feed(t, 200, "v3.0.0")
	flag := feed(t, 200, "v4.0.0")

	h := newHarness(t)
	if err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
		d.Settings.UpdateFeed = settings
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"setting", "", nil, "2.0.0"},
		{"environment", env, nil, "3.0.0"},
		{"flag", env, []string{"--feed", flag}, "4.0.0"},
	}
	for _, tt := range tests {
		h.env["OTPTRAY_UPDATE_FEED"] = tt.env
		r := h.run("", append([]string{"update"}, tt.args...)...)
		want := "otptray " + tt.want + " is available (you have 1.0.0): https://github.com/otptray/otptray/releases/tag/v" + tt.want + "\n"
		if r.code != 0 || r.stdout != want {
			t.Errorf("%s: update = %d %q %q, want %q", tt.name, r.code, r.stdout, r.stderr, want)
		}
	}
}

func TestUpdateUsage(t *testing.T) {
	h := newHarness(t)
	r := h.run("", "update", "extra")
	if r.code != 2 {
		t.Errorf("update extra: status %d, want 2 (usage)", r.code)
	}
}

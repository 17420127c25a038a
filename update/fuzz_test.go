package update

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/semver"

	"github.com/otptray/otptray/internal/msg"
)

// FuzzParseFeed: any feed body gives a result or a catalogue error, never a
// panic; a result names a valid version and a secure page, and writing
// that release back as a feed reads the same.
func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{
		`{"tag_name":"v1.3.0","html_url":"https://github.com/otptray/otptray/releases/tag/v1.3.0","draft":false}`,
		`{"tag_name":"1.2.3-rc.1+build","html_url":"https://example.org/r"}`,
		`{"tag_name":"v1.3.0","html_url":"http://127.0.0.1:8080/r"}`,
		`{"tag_name":"v1.3.0","html_url":"javascript:alert(1)"}`,
		`{"tag_name":"nightly","html_url":"https://github.com/x"}`,
		`{"tag_name": "v1.3.0",`,
		`[]`,
	} {
		for _, cur := range []string{"1.2.3", "dev", "v2.0.0-4-gabc1234-dirty"} {
			f.Add([]byte(s), cur)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, current string) {
		res, err := parseFeed(body, current)
		if err != nil {
			var m *msg.Error
			if !errors.As(err, &m) || !reflect.DeepEqual(res, Result{}) {
				t.Fatalf("error %v (%T) with %+v", err, err, res)
			}
			return
		}
		if !semver.IsValid("v"+res.Latest) || semver.Canonical("v"+res.Latest) != "v"+res.Latest {
			t.Fatalf("latest %q is not a canonical version", res.Latest)
		}
		u, err := url.Parse(res.URL)
		if err != nil || !secure(u) {
			t.Fatalf("page %q is not a secure address", res.URL)
		}
		if res.Dev && res.Newer {
			t.Fatal("a development build told of a newer release")
		}
		if cur, ok := canonical(current); ok && res.Newer != (semver.Compare("v"+res.Latest, cur) > 0) {
			t.Fatalf("newer %v for %q against %q", res.Newer, res.Latest, current)
		}
		back := feed{TagName: "v" + res.Latest, HTMLURL: res.URL}
		for _, a := range res.Assets {
			back.Assets = append(back.Assets, struct {
				Name string `json:"name"`
				URL  string `json:"browser_download_url"`
				Size int64  `json:"size"`
			}{a.Name, a.URL, a.Size})
		}
		again, err := json.Marshal(back)
		if err != nil {
			t.Fatal(err)
		}
		res2, err := parseFeed(again, current)
		if err != nil || !reflect.DeepEqual(res2, res) {
			t.Fatalf("round trip: %+v, %v; want %+v", res2, err, res)
		}
		if strings.ContainsAny(res.Latest, " \t\n") {
			t.Fatalf("latest %q has spaces", res.Latest)
		}
	})
}

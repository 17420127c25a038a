// Package update asks a release feed whether a newer otptray exists. It
// only reads: it downloads and runs nothing.
//
// The feed is JSON in the shape of GitHub's "latest release" API
// (GET /repos/{owner}/{repo}/releases/latest): the fields used are tag_name
// ("v1.3.0"), html_url (the release page) and the assets' name,
// browser_download_url and size (the files, which package update/install
// downloads). Versions compare as semantic versions
// (golang.org/x/mod/semver), with or without a leading "v".
package update

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/netfail"
	"golang.org/x/mod/semver"
)

// DefaultFeedURL is the project's latest release on GitHub.
const DefaultFeedURL = "https://api.github.com/repos/otptray/otptray/releases/latest"

// DefaultTimeout bounds a whole check: connecting, the answer and its body.
const DefaultTimeout = 10 * time.Second

// MaxFeedSize is the most of a feed that is read. GitHub's answer carries the
// release notes and the list of assets; a few hundred kilobytes at most.
const MaxFeedSize = 1 << 20

// Interval is how often the automatic check runs.
const Interval = 24 * time.Hour

// Due reports whether the automatic check should run at now, the last one
// having run at last (zero: never). A clock set back before last makes it
// due too, rather than waiting for the clock to catch up.
func Due(last, now time.Time) bool {
	return last.IsZero() || now.Before(last) || now.Sub(last) >= Interval
}

// Result is what a check found.
type Result struct {
	Latest string // the newest release's version, without "v": "1.3.0"
	URL    string // its release page
	// Newer is true when Latest is newer than the running version. It is
	// false for a development build, which has no version to compare.
	Newer bool
	// Dev is true when the running version is a development build ("dev",
	// or no version at all).
	Dev bool
	// Assets are the release's files as the feed lists them.
	Assets []Asset
}

// Asset is a file of a release.
type Asset struct {
	Name string // "otptray-1.3.0-windows-amd64.msi"
	URL  string // where to download it (browser_download_url)
	Size int64  // its size in bytes as the feed says; 0: not said
}

// Asset is the release's file name, if the feed lists it.
func (r Result) Asset(name string) (Asset, bool) {
	for _, a := range r.Assets {
		if a.Name == name {
			return a, true
		}
	}
	return Asset{}, false
}

// Checker checks a feed; its zero value is ready to use.
type Checker struct {
	Client    *http.Client  // nil: http.DefaultClient
	Timeout   time.Duration // 0: DefaultTimeout
	UserAgent string        // "": "otptray/<current version>"
}

// Check asks feedURL for the latest release and compares it with current,
// the running version ("1.2.3", "v1.2.3", "1.2.3-4-gabc1234" or "dev"), with
// the zero Checker.
func Check(ctx context.Context, feedURL, current string) (Result, error) {
	return Checker{}.Check(ctx, feedURL, current)
}

// feed is the part of a release feed that is read.
type feed struct {
	TagName string `json:"tag_name"`
	HTMLURL string `json:"html_url"`
	Assets  []struct {
		Name string `json:"name"`
		URL  string `json:"browser_download_url"`
		Size int64  `json:"size"`
	} `json:"assets"`
}

// Check asks feedURL for the latest release and compares it with current.
// Every error is an *msg.Error "could not check for updates" with the
// reason as its cause.
func (c Checker) Check(ctx context.Context, feedURL, current string) (Result, error) {
	res, err := c.check(ctx, feedURL, current)
	if err != nil {
		return Result{}, msg.New("update.check", err)
	}
	return res, nil
}

func (c Checker) check(ctx context.Context, feedURL, current string) (Result, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body, err := c.fetch(ctx, feedURL, current)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			return Result{}, msg.New("update.timeout", nil, "Seconds", int(timeout.Round(time.Second)/time.Second))
		}
		if plain := netfail.Explain(netMessages, err); plain != nil {
			return Result{}, plain
		}
		return Result{}, err
	}
	return parseFeed(body, current)
}

// parseFeed reads a feed's body and compares its release with current.
func parseFeed(body []byte, current string) (Result, error) {
	var f feed
	if err := json.Unmarshal(body, &f); err != nil {
		return Result{}, msg.New("update.bad_feed", err)
	}
	latest, ok := canonical(f.TagName)
	if !ok {
		return Result{}, msg.New("update.bad_version", nil, "Tag", f.TagName)
	}
	if u, err := url.Parse(f.HTMLURL); err != nil || !secure(u) {
		// The page is opened in the browser: nothing but a secure web
		// address, where the download is.
		return Result{}, msg.New("update.bad_url", nil)
	}
	res := Result{Latest: strings.TrimPrefix(latest, "v"), URL: f.HTMLURL}
	for _, a := range f.Assets {
		res.Assets = append(res.Assets, Asset{Name: a.Name, URL: a.URL, Size: a.Size})
	}
	cur, ok := canonical(current)
	if !ok {
		res.Dev = true
		return res, nil
	}
	res.Newer = semver.Compare(latest, cur) > 0
	return res, nil
}

// netMessages say that updates could not be checked for a reason of the
// network.
var netMessages = netfail.IDs{
	Offline: "update.net.offline",
	Refused: "update.net.refused",
	Timeout: "update.net.timeout",
	TLS:     "update.net.tls",
}

// fetch GETs the feed's body.
func (c Checker) fetch(ctx context.Context, feedURL, current string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return nil, msg.New("update.bad_feed_url", err, "URL", feedURL)
	}
	if !secure(req.URL) {
		return nil, msg.New("update.insecure_feed", nil, "URL", req.URL.Redacted())
	}
	ua := c.UserAgent
	if ua == "" {
		ua = "otptray/" + strings.TrimPrefix(current, "v")
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "application/vnd.github+json, application/json")
	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	cl := *client
	// A redirect must obey the rule of the feed's own address: an answer
	// in clear text could name any page as the release.
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if !secure(req.URL) {
			return &redirectError{msg.New("update.insecure_feed", nil, "URL", req.URL.Redacted())}
		}
		return nil
	}
	resp, err := cl.Do(req)
	if err != nil {
		var redirect *redirectError
		if errors.As(err, &redirect) {
			return nil, redirect.err
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, msg.New("update.status", nil, "Status", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxFeedSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxFeedSize {
		return nil, msg.New("update.too_large", nil, "Max", MaxFeedSize)
	}
	return body, nil
}

type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }

// Upgrade reports whether latest is a newer version than current. ok is
// false when either is no version, as for a development build ("dev").
func Upgrade(latest, current string) (newer, ok bool) {
	l, okL := canonical(latest)
	c, okC := canonical(current)
	if !okL || !okC {
		return false, false
	}
	return semver.Compare(l, c) > 0, true
}

// Secure accepts https web addresses, and http ones only to this computer
// (a test's server): the rule for the feed, the release page, the
// downloads and every redirect on the way.
func Secure(u *url.URL) bool { return secure(u) }

func secure(u *url.URL) bool {
	if u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		ip := net.ParseIP(h)
		return strings.EqualFold(h, "localhost") || (ip != nil && ip.IsLoopback())
	}
	return false
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// describeSuffix is what `git describe` adds after the last tag: commits
// since it and the commit ("-4-gabc1234"), and "-dirty".
var describeSuffix = regexp.MustCompile(`(-[0-9]+-g[0-9a-f]+)?(-dirty)?$`)

// canonical turns a version as tagged or stamped ("1.2.3", "v1.2.3",
// "1.2.3-4-gabc1234-dirty") into semver's form ("v1.2.3"). A build made after
// a tag counts as that tag's version: it is not older than the release it
// grew from. ok is false for "dev" and anything else that is no version.
func canonical(v string) (string, bool) {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
	v = describeSuffix.ReplaceAllString(v, "")
	if v == "" {
		return "", false
	}
	v = "v" + v
	if !semver.IsValid(v) {
		return "", false
	}
	return semver.Canonical(v), true
}

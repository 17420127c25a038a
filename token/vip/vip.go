// Package vip speaks Symantec/Broadcom VIP Access: it provisions a new
// credential (a TOTP or HOTP secret with a credential ID the user registers
// at their bank), checks and resyncs a credential with the VIP validation
// service, and reads and writes python-vipaccess credential files.
//
// The protocol is not documented by its owner. The constants and formats used
// here are those published by the open reimplementations, chiefly
// python-vipaccess (github.com/dlenski/python-vipaccess) and Forest
// Crossman's 2014 write-up "Reversing the Symantec VIP Access Provisioning
// Protocol" (cyrozap.com).
package vip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/netfail"
	"github.com/otptray/otptray/token"
)

// Default endpoints of the VIP services.
const (
	DefaultProvisionURL = "https://services.vip.symantec.com/prov"
	DefaultCheckURL     = "https://vip.symantec.com/otpCheck"
	DefaultSyncURL      = "https://vip.symantec.com/otpSync"
)

// Paths that WithBase appends to a base URL.
const (
	ProvisionPath = "/prov"
	CheckPath     = "/otpCheck"
	SyncPath      = "/otpSync"
)

// Limits of every request.
const (
	DefaultTimeout = 10 * time.Second
	DefaultMaxBody = 64 << 10 // the real answers are about 2 KiB
)

// Config says where and how to reach the VIP services. The zero value uses
// the real endpoints.
type Config struct {
	ProvisionURL string // "" is DefaultProvisionURL
	CheckURL     string // "" is DefaultCheckURL
	SyncURL      string // "" is DefaultSyncURL

	// Version of otptray, sent in the User-Agent and the ClientID.
	Version string
	// Timeout of one request; 0 is DefaultTimeout.
	Timeout time.Duration
	// MaxBody caps the answer read from a server; 0 is DefaultMaxBody.
	MaxBody int64
	// Client sends the requests; nil uses a client of its own.
	Client *http.Client
	// Now is the local clock; nil is time.Now.
	Now func() time.Time
}

// WithBase returns c with all three endpoints under one base URL
// (base+"/prov", base+"/otpCheck", base+"/otpSync"), as a test server or a
// proxy offers them.
func (c Config) WithBase(base string) Config {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	c.ProvisionURL = base + ProvisionPath
	c.CheckURL = base + CheckPath
	c.SyncURL = base + SyncPath
	return c
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c Config) version() string {
	if c.Version == "" {
		return "dev"
	}
	return c.Version
}

// UserAgent is what every request says it is.
func (c Config) UserAgent() string { return "otptray/" + c.version() }

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c Config) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return DefaultMaxBody
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

// CheckEndpoint accepts https:// URLs, and http:// only to this computer
// (localhost, 127.0.0.0/8, ::1) for tests; anything else is refused before
// a byte is sent.
func CheckEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, msg.New("vip.endpoint_bad", nil, "URL", token.Shorten(raw, 120))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return u, nil
		}
	}
	return nil, msg.New("vip.endpoint_scheme", nil, "URL", u.Redacted())
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// post sends one request and returns the answer's body, at most maxBody
// bytes. Network failures, timeouts, HTTP errors and oversized answers
// become *msg.Error values naming the host.
func (c Config) post(ctx context.Context, endpoint, contentType string, body []byte) ([]byte, error) {
	u, err := CheckEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	host := u.Host
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(string(body)))
	if err != nil {
		return nil, msg.New("vip.endpoint_bad", nil, "URL", u.Redacted())
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", c.UserAgent())
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, c.netError(ctx, host, err)
	}
	defer resp.Body.Close()
	limit := c.maxBody()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.netError(ctx, host, err)
	}
	if int64(len(data)) > limit {
		return nil, msg.New("vip.too_large", nil, "Host", host, "Limit", limit)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, msg.New("vip.http_status", nil, "Host", host, "Status", resp.Status, "Answer", Sanitize(data, 120))
	}
	return data, nil
}

func (c Config) netError(ctx context.Context, host string, err error) error {
	var redirect *redirectError
	if errors.As(err, &redirect) {
		return redirect.err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return msg.New("vip.timeout", nil, "Host", host, "Seconds", fmt.Sprintf("%g", c.timeout().Seconds()))
	}
	if errors.Is(err, context.Canceled) {
		return msg.New("vip.canceled", nil, "Host", host)
	}
	if plain := netfail.Explain(netMessages, err, "Host", host); plain != nil {
		return plain
	}
	// url.Error repeats the method and the URL; the cause is what matters.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return msg.New("vip.network", err, "Host", host)
}

// netMessages say that the VIP service could not be reached for a reason
// of the network.
var netMessages = netfail.IDs{
	Offline: "vip.net.offline",
	Refused: "vip.net.refused",
	Timeout: "vip.net.timeout",
	TLS:     "vip.net.tls",
}

type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }

func (c Config) client() *http.Client {
	base := c.Client
	if base == nil {
		base = http.DefaultClient
	}
	cl := *base
	// A redirect must obey the same rule as the endpoint itself.
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return &redirectError{msg.New("vip.redirects", nil, "Host", req.URL.Host)}
		}
		if _, err := CheckEndpoint(req.URL.String()); err != nil {
			return &redirectError{err}
		}
		return nil
	}
	return &cl
}

// Sanitize makes a server's answer fit to show: markup removed, the
// characters token.CleanText drops dropped, white space collapsed, at most
// max runes.
func Sanitize(b []byte, max int) string {
	var text strings.Builder
	inTag := false
	for _, r := range strings.ToValidUTF8(string(b), "?") {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			text.WriteByte(' ')
		case !inTag:
			text.WriteRune(r)
		}
	}
	words := strings.FieldsFunc(token.CleanText(text.String()), func(r rune) bool { return r == ' ' })
	return token.Shorten(strings.Join(words, " "), max)
}

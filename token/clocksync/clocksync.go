// Package clocksync measures how far this computer's clock is off, so codes
// can be computed from true time when the system clock is wrong (VIP Access
// Desktop calls this "Reset"). It asks SNTP servers first and falls back to
// the Date header of an HTTPS server where UDP is blocked.
package clocksync

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/ntp"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/netfail"
	"github.com/otptray/otptray/token"
)

// Defaults.
const (
	DefaultNTPServer = "pool.ntp.org"
	DefaultHTTPSURL  = "https://www.google.com/"
	DefaultTimeout   = 5 * time.Second
)

// Threshold is the smallest offset worth correcting: below it the clock is
// right for 30-second codes, and a measurement's own error would dominate.
const Threshold = 2 * time.Second

// MaxOffset is the largest offset otptray corrects; beyond it the system
// clock (or its time zone) is wrong and must be fixed where it is wrong.
const MaxOffset = time.Hour

// Config says where to measure. The zero value uses the defaults.
type Config struct {
	// NTPServers are asked in order ("host" or "host:port"); nil means
	// DefaultNTPServer. An empty non-nil list skips SNTP.
	NTPServers []string
	// HTTPSURL is the fallback: its Date header is read. "" means
	// DefaultHTTPSURL; "-" skips the fallback.
	HTTPSURL string
	// Timeout of each attempt; 0 is DefaultTimeout.
	Timeout time.Duration
	// UserAgent of the HTTPS request.
	UserAgent string
	// Client sends the HTTPS request; nil uses a client of its own.
	Client *http.Client
	// Now is the local clock; nil is time.Now.
	Now func() time.Time

	// dial opens the connection to an SNTP server; nil dials UDP (tests
	// give a connection that answers with chosen bytes).
	dial func(ctx context.Context, remote string) (net.Conn, error)
}

// Result is one measurement.
type Result struct {
	// Offset is what to add to the local clock to get true time: positive
	// when this computer is slow.
	Offset time.Duration
	// Source names the server: "ntp:pool.ntp.org" or "https:www.google.com".
	Source string
	// RTT is the round trip of the request.
	RTT time.Duration
	// Precision bounds the error of Offset: RTT/2 for SNTP, plus half a
	// second for a Date header (which has whole seconds only).
	Precision time.Duration
}

// Stored is the offset to keep: Offset when it exceeds Threshold, else 0
// (the clock is right).
func (r Result) Stored() time.Duration {
	if r.Offset > Threshold || r.Offset < -Threshold {
		return r.Offset
	}
	return 0
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// Measure asks the SNTP servers in turn, then the HTTPS fallback, and
// returns the first answer. An offset beyond MaxOffset is returned with an
// error: the caller must not apply it.
func Measure(ctx context.Context, cfg Config) (Result, error) {
	servers := cfg.NTPServers
	if servers == nil {
		servers = []string{DefaultNTPServer}
	}
	var failures attempts
	for _, s := range servers {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		r, err := cfg.measureNTP(ctx, s)
		if err == nil {
			return checkPlausible(r)
		}
		if ctx.Err() != nil {
			return Result{}, msg.New("clocksync.canceled", nil)
		}
		failures = append(failures, attempt{"ntp " + s, err})
	}
	if u := strings.TrimSpace(cfg.HTTPSURL); u != "-" {
		if u == "" {
			u = DefaultHTTPSURL
		}
		r, err := cfg.measureHTTPS(ctx, u)
		if err == nil {
			return checkPlausible(r)
		}
		var te *msg.Error
		if errors.As(err, &te) {
			return Result{}, err // a refused URL: the user must fix the setting
		}
		if ctx.Err() != nil {
			return Result{}, msg.New("clocksync.canceled", nil)
		}
		failures = append(failures, attempt{"https " + hostOf(u), err})
	}
	if len(failures) == 0 {
		return Result{}, msg.New("clocksync.no_servers", nil)
	}
	if err := netfail.ExplainAs(netMessages, netfail.Worst(failures.Unwrap()...), failures); err != nil {
		return Result{}, err
	}
	return Result{}, msg.New("clocksync.failed", nil, "Detail", failures.Error())
}

// netMessages say that the clock could not be checked when every server
// failed for a reason of the network.
var netMessages = netfail.IDs{
	Offline: "clocksync.net.offline",
	Refused: "clocksync.net.refused",
	Timeout: "clocksync.net.timeout",
	TLS:     "clocksync.net.tls",
}

// attempt is a server asked and why it gave no time.
type attempt struct {
	server string // "ntp pool.ntp.org", "https www.google.com"
	err    error
}

// attempts are the servers that failed, in the order asked: the error
// reads "ntp pool.ntp.org: <cause>; https www.google.com: <cause>".
type attempts []attempt

func (as attempts) Error() string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.server + ": " + describe(a.err)
	}
	return strings.Join(parts, "; ")
}

func (as attempts) Unwrap() []error {
	errs := make([]error, len(as))
	for i, a := range as {
		errs[i] = a.err
	}
	return errs
}

func checkPlausible(r Result) (Result, error) {
	if r.Offset > MaxOffset || r.Offset < -MaxOffset {
		minutes := int(math.Round(math.Abs(r.Offset.Minutes())))
		id := "clocksync.absurd_slow"
		if r.Offset < 0 {
			id = "clocksync.absurd_fast"
		}
		return r, msg.New(id, nil, "Minutes", minutes, "Source", r.Source)
	}
	return r, nil
}

// describe shortens a network error to its cause.
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "no answer (timeout)"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}

func (c Config) measureNTP(ctx context.Context, server string) (Result, error) {
	timeout := c.timeout()
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if timeout <= 0 {
		return Result{}, context.DeadlineExceeded
	}
	var stop func() bool
	opts := ntp.QueryOptions{
		Timeout: timeout,
		Dialer: func(local, remote string) (net.Conn, error) {
			dial := c.dial
			if dial == nil {
				dial = func(ctx context.Context, remote string) (net.Conn, error) {
					var d net.Dialer
					return d.DialContext(ctx, "udp", remote)
				}
			}
			conn, err := dial(ctx, remote)
			if err != nil {
				return nil, err
			}
			// ntp takes no context: when the caller gives up, end the
			// wait through the read deadline.
			stop = context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
			return checkedReply{conn}, nil
		},
	}
	if c.Now != nil {
		opts.GetSystemTime = c.Now
	}
	resp, err := ntp.QueryWithOptions(server, opts)
	if stop != nil {
		stop()
	}
	if err != nil {
		return Result{}, err
	}
	if err := resp.Validate(); err != nil {
		return Result{}, err
	}
	return Result{
		Offset:    resp.ClockOffset,
		Source:    "ntp:" + server,
		RTT:       resp.RTT,
		Precision: resp.RTT/2 + resp.Precision,
	}, nil
}

// errExponent is a reply whose poll or precision exponent is -128.
var errExponent = errors.New("reply with a poll or precision exponent of -128")

// checkedReply refuses SNTP replies that beevik/ntp cannot parse safely.
// beevik/ntp v1.6.0 panics (negative shift) on a poll or precision exponent
// of -128, whose negation overflows int8; not yet reported upstream.
type checkedReply struct{ net.Conn }

func (c checkedReply) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err == nil && n >= 4 && (int8(b[2]) == math.MinInt8 || int8(b[3]) == math.MinInt8) {
		return 0, errExponent
	}
	return n, err
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// checkURL accepts https, and http only to this computer (for tests).
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, msg.New("clocksync.bad_url", nil, "URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); strings.EqualFold(h, "localhost") || (ip != nil && ip.IsLoopback()) {
			return u, nil
		}
	}
	return nil, msg.New("clocksync.bad_url", nil, "URL", u.Redacted())
}

// measureHTTPS reads the Date header of a HEAD request. The header has whole
// seconds, truncated: the server's clock was in [Date, Date+1s) when it
// answered, so the estimate takes the middle of that second against the
// middle of the round trip.
func (c Config) measureHTTPS(ctx context.Context, raw string) (Result, error) {
	u, err := checkURL(raw)
	if err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u.String(), nil)
	if err != nil {
		return Result{}, err
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	req.Header.Set("Cache-Control", "no-cache")
	client := c.Client
	if client == nil {
		client = &http.Client{}
	}
	cl := *client
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	t1 := c.now()
	resp, err := cl.Do(req)
	t4 := c.now()
	if err != nil {
		return Result{}, err
	}
	resp.Body.Close()
	date := resp.Header.Get("Date")
	if date == "" {
		return Result{}, errors.New("the answer has no Date header")
	}
	server, err := http.ParseTime(date)
	if err != nil {
		return Result{}, fmt.Errorf("unreadable Date header %q", token.Shorten(date, 40))
	}
	rtt := max(t4.Sub(t1), 0)
	localMid := t1.Add(rtt / 2)
	serverMid := server.Add(500 * time.Millisecond)
	return Result{
		Offset:    serverMid.Sub(localMid).Round(time.Millisecond),
		Source:    "https:" + u.Host,
		RTT:       rtt,
		Precision: rtt/2 + 500*time.Millisecond,
	}, nil
}

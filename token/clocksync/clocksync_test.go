package clocksync_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/token/clocksync/ntptest"
)

// fixed is a fake clock; with the same clock on both sides the measured
// offset is exact.
var fixed = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return fixed }

func startNTP(t *testing.T, offset time.Duration) *ntptest.Server {
	t.Helper()
	s, err := ntptest.StartClock(offset, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// dateServer answers HEAD with a Date header of the fake clock plus offset.
func dateServer(t *testing.T, offset time.Duration) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Method != http.MethodHead {
			t.Errorf("method %s", r.Method)
		}
		w.Header().Set("Date", fixed.Add(offset).Format(http.TimeFormat))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func errID(err error) string {
	var te *msg.Error
	if errors.As(err, &te) {
		return te.ID
	}
	return ""
}

func TestMeasureNTP(t *testing.T) {
	tests := []struct {
		offset, stored time.Duration
		absurd         bool
	}{
		{37 * time.Second, 37 * time.Second, false},
		{-90 * time.Second, -90 * time.Second, false},
		{1500 * time.Millisecond, 0, false},
		{-2 * time.Second, 0, false},
		{-2001 * time.Millisecond, -2001 * time.Millisecond, false},
		{59 * time.Minute, 59 * time.Minute, false},
		{61 * time.Minute, 0, true},
		{-26 * time.Hour, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.offset.String(), func(t *testing.T) {
			ntp := startNTP(t, tt.offset)
			date, hits := dateServer(t, 0)
			cfg := clocksync.Config{NTPServers: []string{ntp.Addr()}, HTTPSURL: date.URL, Now: fixedNow}
			r, err := clocksync.Measure(context.Background(), cfg)
			if tt.absurd {
				want := "clocksync.absurd_slow"
				if tt.offset < 0 {
					want = "clocksync.absurd_fast"
				}
				if errID(err) != want || !strings.Contains(inEnglish(err), "Fix the system clock itself") {
					t.Fatalf("err = %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if r.Offset != tt.offset || r.Source != "ntp:"+ntp.Addr() || r.RTT != 0 {
				t.Errorf("result %+v, want offset %v", r, tt.offset)
			}
			if !tt.absurd && r.Stored() != tt.stored {
				t.Errorf("Stored() = %v, want %v", r.Stored(), tt.stored)
			}
			if hits.Load() != 0 {
				t.Error("the HTTPS fallback was used although SNTP answered")
			}
		})
	}
}

func TestMeasureFallsThroughServers(t *testing.T) {
	silent := startNTP(t, 0)
	silent.SetSilent(true)
	good := startNTP(t, 45*time.Second)
	cfg := clocksync.Config{NTPServers: []string{silent.Addr(), good.Addr()}, HTTPSURL: "-", Timeout: 100 * time.Millisecond, Now: fixedNow}
	r, err := clocksync.Measure(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "ntp:"+good.Addr() || r.Offset != 45*time.Second || silent.Requests() != 1 {
		t.Errorf("result %+v; silent server saw %d requests", r, silent.Requests())
	}
}

// closedPort is a UDP port on 127.0.0.1 with nobody listening.
func closedPort(t *testing.T) string {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

func TestMeasureDateFallback(t *testing.T) {
	for _, tt := range []struct {
		name     string
		udp      func(t *testing.T) string
		offset   time.Duration
		expected time.Duration
	}{
		// The Date header has whole seconds: the server's clock was within
		// [Date, Date+1 s), so the estimate is Date + 0.5 s.
		{"silent SNTP server", func(t *testing.T) string { s := startNTP(t, 0); s.SetSilent(true); return s.Addr() }, 120 * time.Second, 120500 * time.Millisecond},
		{"port closed", closedPort, -300 * time.Second, -299500 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			date, hits := dateServer(t, tt.offset)
			cfg := clocksync.Config{NTPServers: []string{tt.udp(t)}, HTTPSURL: date.URL, Timeout: 100 * time.Millisecond, Now: fixedNow, UserAgent: "otptray/test"}
			r, err := clocksync.Measure(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			host := strings.TrimPrefix(date.URL, "http://")
			if r.Offset != tt.expected || r.Source != "https:"+host || r.Precision != 500*time.Millisecond || hits.Load() != 1 {
				t.Errorf("result %+v, want offset %v from https:%s", r, tt.expected, host)
			}
		})
	}
}

func TestMeasureBothFail(t *testing.T) {
	silent := startNTP(t, 0)
	silent.SetSilent(true)
	noDate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil // net/http adds one unless told not to
	}))
	defer noDate.Close()
	badDate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "yesterday")
	}))
	defer badDate.Close()
	// A server that answers wrongly needs its own words; when only the
	// network failed, the plain sentence for the most telling failure (a
	// timeout before a refusal) comes first, the servers' errors after it.
	for _, tt := range []struct {
		name, url, id, sentence, detail string
	}{
		{"no Date header", noDate.URL, "clocksync.failed", "cannot measure the clock: no time server answered", "no Date header"},
		{"bad Date header", badDate.URL, "clocksync.failed", "cannot measure the clock: no time server answered", "unreadable Date header"},
		{"no fallback", "-", "clocksync.net.timeout", "No time server answered in time: the clock could not be checked.", "no answer"},
		{"fallback closed", "http://" + closedPort(t), "clocksync.net.timeout", "No time server answered in time: the clock could not be checked.", "connection refused"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := clocksync.Config{NTPServers: []string{silent.Addr(), closedPort(t)}, HTTPSURL: tt.url, Timeout: 100 * time.Millisecond}
			r, err := clocksync.Measure(context.Background(), cfg)
			if errID(err) != tt.id {
				t.Fatalf("err = %v", err)
			}
			if r != (clocksync.Result{}) {
				t.Errorf("result %+v with an error", r)
			}
			msg := inEnglish(err)
			if !strings.HasPrefix(msg, tt.sentence) {
				t.Errorf("%q does not start with %q", msg, tt.sentence)
			}
			for _, want := range []string{"ntp " + silent.Addr() + ": no answer (timeout)", "refused", tt.detail} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestMeasureRefusesPlainHTTP(t *testing.T) {
	for _, u := range []string{"http://example.com/", "ftp://127.0.0.1/", "not a url"} {
		_, err := clocksync.Measure(context.Background(), clocksync.Config{NTPServers: []string{}, HTTPSURL: u})
		if errID(err) != "clocksync.bad_url" {
			t.Errorf("%s: %v", u, err)
		}
	}
	_, err := clocksync.Measure(context.Background(), clocksync.Config{NTPServers: []string{}, HTTPSURL: "-"})
	if errID(err) != "clocksync.no_servers" {
		t.Errorf("nothing configured: %v", err)
	}
}

func TestMeasureCanceled(t *testing.T) {
	silent := startNTP(t, 0)
	silent.SetSilent(true)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	// A 1-minute timeout would hang the test if cancellation did not reach
	// the UDP read.
	_, err := clocksync.Measure(ctx, clocksync.Config{NTPServers: []string{silent.Addr()}, HTTPSURL: "-", Timeout: time.Minute})
	if errID(err) != "clocksync.canceled" {
		t.Fatalf("err = %v", err)
	}
}

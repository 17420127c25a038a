package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token/clocksync/ntptest"
)

// timeHarness is a harness with an SNTP responder and a Date server on
// 127.0.0.1 that share its clock, so measured offsets are exact.
func timeHarness(t *testing.T, ntpOffset, dateOffset time.Duration) (*harness, *ntptest.Server, string) {
	t.Helper()
	h := newHarness(t)
	ntp, err := ntptest.StartClock(ntpOffset, func() time.Time { return h.now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ntp.Close() })
	date := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", h.now.Add(dateOffset).UTC().Format(http.TimeFormat))
	}))
	t.Cleanup(date.Close)
	h.env["OTPTRAY_NTP_SERVERS"] = ntp.Addr()
	h.env["OTPTRAY_TIME_URL"] = date.URL
	return h, ntp, date.URL
}

func deadUDP(t *testing.T) string {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

func TestTimeMeasureShiftsCodes(t *testing.T) {
	h, ntp, _ := timeHarness(t, 120*time.Second, 0)
	h.must(rfcSHA1, "add", "--secret", "-", "--name", "RFC")
	at := strconv.Itoa(fixedUnix + 15)
	shifted := h.must("", "code", "rfc", "--at", strconv.Itoa(fixedUnix+135)).stdout
	before := h.must("", "code", "rfc", "--at", at).stdout
	if before == shifted {
		t.Fatal("test secret gives the same code 4 periods apart")
	}

	r := h.must("", "time")
	want := "This computer's clock is 2 min 0 s slow (source ntp:" + ntp.Addr() + ", precision ±0 s): codes are now corrected.\n"
	if r.stdout != want {
		t.Errorf("time: %q, want %q", r.stdout, want)
	}
	st := h.data().Settings
	if st.ClockOffset != 120 || st.ClockSource != "ntp:"+ntp.Addr() || !st.ClockChecked.Equal(h.now) {
		t.Errorf("settings %+v", st)
	}
	if got := h.must("", "code", "rfc", "--at", at).stdout; got != shifted {
		t.Errorf("corrected code %q, want the code 120 s later %q", got, shifted)
	}
	if got := h.must("", "time", "--show").stdout; !strings.HasPrefix(got, "Clock is 2 min 0 s slow: corrected (measured 2023-11-14T22:13:20Z from ntp:") {
		t.Errorf("show: %q", got)
	}

	// A fast clock, then one that is right: the stored offset follows.
	ntp.SetOffset(-37 * time.Second)
	if got := h.must("", "time").stdout; !strings.HasPrefix(got, "This computer's clock is 37 s fast") {
		t.Errorf("fast: %q", got)
	}
	if st := h.data().Settings; st.ClockOffset != -37 {
		t.Errorf("offset %v", st.ClockOffset)
	}
	ntp.SetOffset(1500 * time.Millisecond)
	if got := h.must("", "time").stdout; !strings.HasPrefix(got, "The clock is right (off by 1.5 s, within 2 s;") {
		t.Errorf("right: %q", got)
	}
	if st := h.data().Settings; st.ClockOffset != 0 || st.ClockSource == "" {
		t.Errorf("settings %+v", st)
	}
	if got := h.must("", "code", "rfc", "--at", at).stdout; got != before {
		t.Errorf("code with no correction %q, want %q", got, before)
	}
	if got := h.must("", "time", "--show").stdout; !strings.HasPrefix(got, "The clock is right: no correction") {
		t.Errorf("show: %q", got)
	}
}

func TestTimeDateFallback(t *testing.T) {
	h, _, url := timeHarness(t, 0, -300*time.Second)
	h.env["OTPTRAY_NTP_SERVERS"] = deadUDP(t)
	r := h.must("", "time")
	host := strings.TrimPrefix(url, "http://")
	// Whole-second Date: the estimate is the middle of that second.
	if !strings.HasPrefix(r.stdout, "This computer's clock is 5 min 0 s fast") {
		t.Errorf("time: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, "source https:"+host+", precision ±0.5 s") {
		t.Errorf("source: %q", r.stdout)
	}
	if st := h.data().Settings; st.ClockOffset != -299.5 || st.ClockSource != "https:"+host {
		t.Errorf("settings %+v", st)
	}
	// --ntp overrides the environment; "off" skips the fallback.
	h2, ntp, _ := timeHarness(t, 45*time.Second, 0)
	h2.env["OTPTRAY_NTP_SERVERS"] = deadUDP(t)
	h2.must("", "time", "--ntp", deadUDP(t)+","+ntp.Addr(), "--https", "off")
	if st := h2.data().Settings; st.ClockOffset != 45 || st.ClockSource != "ntp:"+ntp.Addr() {
		t.Errorf("settings %+v", st)
	}
}

func TestTimeFailuresKeepTheOffset(t *testing.T) {
	h, ntp, _ := timeHarness(t, 90*time.Second, 0)
	h.must("", "time")
	before := h.data().Settings

	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		stderr string
	}{
		{"nothing answers", nil, map[string]string{"OTPTRAY_NTP_SERVERS": deadUDP(t), "OTPTRAY_TIME_URL": "http://" + deadUDP(t)}, "otptray-cli: The time servers refused the connection: the clock could not be checked. Try again later.\nDetails: ntp 127.0.0.1:"},
		{"absurd offset", nil, map[string]string{"OTPTRAY_NTP_SERVERS": ""}, "more than an hour: otptray does not correct that much. Fix the system clock itself"},
		{"plain http fallback", []string{"--ntp", "off", "--https", "http://example.com/"}, nil, "http://example.com/ cannot be used to read the time"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				h.env[k] = v
			}
			if tt.name == "absurd offset" {
				h.env["OTPTRAY_NTP_SERVERS"] = ntp.Addr()
				ntp.SetOffset(-3 * time.Hour)
			}
			r := h.run("", append([]string{"time"}, tt.args...)...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q, want %q", r.code, r.stderr, tt.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
			if after := h.data().Settings; !reflect.DeepEqual(after, before) {
				t.Errorf("settings changed: %+v", after)
			}
		})
	}
	h.env["OTPTRAY_NTP_SERVERS"] = deadUDP(t)
	h.env["OTPTRAY_TIME_URL"] = "off"
	if r := h.run("", "time"); !strings.Contains(r.stderr, "the clock could not be checked") {
		t.Errorf("failure message does not say the clock was not checked: %q", r.stderr)
	}
}

func TestTimeShowAndReset(t *testing.T) {
	h := newHarness(t)
	if got := h.must("", "time", "--show").stdout; got != "The clock has not been measured; codes use this computer's clock as it is.\n" {
		t.Errorf("show: %q", got)
	}
	h2, _, _ := timeHarness(t, -10*time.Second, 0)
	h2.must("", "time")
	if got := h2.must("", "time", "--reset").stdout; got != "The clock correction is forgotten; codes use this computer's clock as it is.\n" {
		t.Errorf("reset: %q", got)
	}
	if st := h2.data().Settings; st.ClockOffset != 0 || st.ClockSource != "" || !st.ClockChecked.IsZero() {
		t.Errorf("settings after reset %+v", st)
	}
	for _, args := range [][]string{{"--show", "--reset"}, {"--show", "--ntp", "x"}, {"--reset", "--https", "off"}, {"now"}} {
		if r := h.run("", append([]string{"time"}, args...)...); r.code != 2 {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
}

func TestTimeInJapanese(t *testing.T) {
	for _, tt := range []struct {
		offset time.Duration
		want   string
	}{
		{37 * time.Second, "このコンピューターの時計は 37 秒遅れています"},
		{-150 * time.Second, "このコンピューターの時計は 2 分 30 秒進んでいます"},
		{2500 * time.Millisecond, "このコンピューターの時計は 2.5 秒遅れています"},
	} {
		h, _, _ := timeHarness(t, tt.offset, 0)
		h.env["OTPTRAY_LANG"] = "ja"
		if got := h.must("", "time").stdout; !strings.HasPrefix(got, tt.want) {
			t.Errorf("%v: %q, want %q", tt.offset, got, tt.want)
		}
	}
	h, ntp, _ := timeHarness(t, -2*time.Hour, 0)
	h.env["OTPTRAY_LANG"] = "ja"
	r := h.run("", "time")
	if r.code != 1 || !strings.Contains(r.stderr, "このコンピューターの時計は約 120 分進んでいます") || !strings.Contains(r.stderr, ntp.Addr()) {
		t.Errorf("absurd in ja: %d %q", r.code, r.stderr)
	}
}

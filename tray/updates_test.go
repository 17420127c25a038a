package tray

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/menu"
	"github.com/otptray/otptray/update"
)

// feed is a release feed on 127.0.0.1 whose answer the test changes.
type feed struct {
	mu     sync.Mutex
	status int
	tag    string
	hits   int
	srv    *httptest.Server
}

func newFeed(t *testing.T, tag string) *feed {
	t.Helper()
	f := &feed{status: http.StatusOK, tag: tag}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.hits++
		w.WriteHeader(f.status)
		w.Write([]byte(`{"tag_name":"` + f.tag + `","html_url":"https://example.com/releases/` + f.tag + `","assets":[]}`))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *feed) set(status int, tag string) {
	f.mu.Lock()
	f.status, f.tag = status, tag
	f.mu.Unlock()
}

func (f *feed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits
}

// updateHarness is an app at version 1.2.0 that asks f.
func updateHarness(t *testing.T, f *feed) *harness {
	h := newHarness(t)
	h.app.Version = "1.2.0"
	h.services("1.2.0", env(map[string]string{"OTPTRAY_UPDATE_FEED": f.srv.URL}))
	h.sys.provision = nil
	return h
}

func TestCheckForUpdates(t *testing.T) {
	f := newFeed(t, "v1.3.0")
	h := updateHarness(t, f)
	now := unix(vecBoundary)
	h.start(now)
	if e := h.ui.entries[menu.KeyUpdateCheck]; !e.Enabled || e.Label != "Check for updates" || e.Parent != menu.KeyHelp {
		t.Fatalf("entry %+v", e)
	}
	if h.ui.entries[menu.KeyUpdateOpen].Visible {
		t.Fatal("download line before a check")
	}
	for _, tt := range []struct {
		name     string
		status   int
		tag      string
		title    string
		body     string
		download string // "" hidden
	}{
		{"newer", 200, "v1.3.0", "otptray 1.3.0 is available", "Open the release page to download it.\nhttps://example.com/releases/v1.3.0", "Download otptray 1.3.0…"},
		{"same", 200, "v1.2.0", "Check for updates", "You have the latest version of otptray (1.2.0).", ""},
		{"older", 200, "v1.1.9", "Check for updates", "You have the latest version of otptray (1.2.0).", ""},
		{"newer again", 200, "1.10.0", "otptray 1.10.0 is available", "Open the release page to download it.\nhttps://example.com/releases/1.10.0", "Download otptray 1.10.0…"},
		{"not found", 404, "v1.3.0", "Check for updates", "could not check for updates: the update server answered 404 Not Found", "Download otptray 1.10.0…"},
		{"no version", 200, "latest", "Check for updates", `could not check for updates: the update server names no valid version ("latest")`, "Download otptray 1.10.0…"},
	} {
		f.set(tt.status, tt.tag)
		n := len(h.sys.toasts)
		h.click(menu.KeyUpdateCheck, now)
		if e := h.ui.entries[menu.KeyUpdateCheck]; e.Enabled || e.Label != "Checking for updates…" {
			t.Errorf("%s: while checking %+v", tt.name, e)
		}
		h.click(menu.KeyUpdateCheck, now) // a second click while checking asks nothing more
		h.next(t, now)
		h.refresh(now)
		if len(h.sys.toasts) != n+1 {
			t.Fatalf("%s: toasts %v, want one more", tt.name, h.sys.toasts[n:])
		}
		if got := h.sys.toasts[n]; got.title != tt.title || got.body != tt.body {
			t.Errorf("%s: toast %+v, want %q / %q", tt.name, got, tt.title, tt.body)
		}
		e := h.ui.entries[menu.KeyUpdateOpen]
		if got := map[bool]string{true: e.Label}[e.Visible]; got != tt.download {
			t.Errorf("%s: download line %q, want %q", tt.name, got, tt.download)
		}
		if !h.ui.entries[menu.KeyUpdateCheck].Enabled {
			t.Errorf("%s: Check for updates not offered again", tt.name)
		}
	}
	h.click(menu.KeyUpdateOpen, now)
	if len(h.sys.opened) != 1 || h.sys.opened[0] != "https://example.com/releases/1.10.0" {
		t.Errorf("opened %v", h.sys.opened)
	}
	if f.count() != 6 {
		t.Errorf("the feed was asked %d times, want 6", f.count())
	}
}

func TestCheckForUpdatesDevBuild(t *testing.T) {
	f := newFeed(t, "v1.3.0")
	h := updateHarness(t, f)
	h.services("dev", env(map[string]string{"OTPTRAY_UPDATE_FEED": f.srv.URL}))
	h.start(unix(vecBoundary))
	h.click(menu.KeyUpdateCheck, unix(vecBoundary))
	h.next(t, unix(vecBoundary))
	h.refresh(unix(vecBoundary))
	if got := h.sys.toasts[len(h.sys.toasts)-1]; got.body != "This is a development build of otptray; the latest release is 1.3.0." {
		t.Errorf("toast %+v", got)
	}
}

// TestAutomaticUpdateCheck: the first run sets the day's start; a day later
// the feed is asked, and only a newer release is told, once.
func TestAutomaticUpdateCheck(t *testing.T) {
	f := newFeed(t, "v1.2.0")
	h := updateHarness(t, f)
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	h.start(start)
	if got := h.prefs(t).UpdateChecked; !got.IsZero() {
		t.Fatalf("the first refresh wrote update_checked %v", got)
	}
	h.refresh(start)
	if got := h.prefs(t).UpdateChecked; !got.Equal(start) {
		t.Fatalf("first run: update_checked %v, want %v", got, start)
	}
	h.refresh(start.Add(23 * time.Hour))
	if h.app.upd.running {
		t.Fatal("checked before a day passed")
	}
	day := start.Add(update.Interval)
	h.refresh(day)
	if !h.app.upd.running {
		t.Fatal("no check after a day")
	}
	h.next(t, day)
	h.refresh(day)
	if len(h.sys.toasts) != 0 || h.ui.entries[menu.KeyUpdateOpen].Visible {
		t.Errorf("same version: toasts %v", h.sys.toasts)
	}
	if got := h.prefs(t).UpdateChecked; !got.Equal(day) {
		t.Errorf("update_checked %v, want %v", got, day)
	}

	// A day later a release is out: told once, the line stays.
	f.set(200, "v1.3.0")
	for i, at := range []time.Time{day.Add(update.Interval), day.Add(2 * update.Interval)} {
		h.refresh(at)
		h.next(t, at)
		h.refresh(at)
		if len(h.sys.toasts) != 1 || h.sys.toasts[0].title != "otptray 1.3.0 is available" {
			t.Errorf("check %d: toasts %v, want the one", i+1, h.sys.toasts)
		}
		if e := h.ui.entries[menu.KeyUpdateOpen]; !e.Visible {
			t.Errorf("check %d: no download line", i+1)
		}
	}

	// A failed automatic check says nothing and is retried in an hour.
	f.set(500, "v1.3.0")
	at := day.Add(3 * update.Interval)
	h.refresh(at)
	h.next(t, at)
	h.refresh(at.Add(retryAfter - time.Second))
	if h.app.upd.running || len(h.sys.toasts) != 1 {
		t.Errorf("after a failure: running %v, toasts %v", h.app.upd.running, h.sys.toasts)
	}
	h.refresh(at.Add(retryAfter))
	if !h.app.upd.running {
		t.Error("not retried after an hour")
	}
	h.next(t, at.Add(retryAfter))

	// Switched off in Settings: no more checks.
	if e := h.ui.entries[menu.KeyUpdateAuto]; !e.Checked || e.Label != "Check for updates every day" || e.Parent != menu.KeySettings {
		t.Errorf("setting %+v", e)
	}
	h.click(menu.KeyUpdateAuto, at)
	if !h.prefs(t).UpdateCheckOff || h.ui.entries[menu.KeyUpdateAuto].Checked {
		t.Error("setting not saved")
	}
	hits := f.count()
	h.refresh(at.Add(10 * update.Interval))
	if h.app.upd.running || f.count() != hits {
		t.Error("checked while switched off")
	}
}

func TestFeedURL(t *testing.T) {
	for _, tt := range []struct{ env, setting, want string }{
		{"", "", update.DefaultFeedURL},
		{"", "https://example.com/feed", "https://example.com/feed"},
		{"http://127.0.0.1/f", "https://example.com/feed", "http://127.0.0.1/f"},
	} {
		if got := feedURL(tt.env, token.Settings{UpdateFeed: tt.setting}); got != tt.want {
			t.Errorf("feedURL(%q, %q) = %q, want %q", tt.env, tt.setting, got, tt.want)
		}
	}
}

func TestJumped(t *testing.T) {
	s := time.Second
	for _, tt := range []struct {
		wall, mono time.Duration
		want       bool
	}{
		{s, s, false},
		{1500 * time.Millisecond, s, false},      // a late wake-up
		{2 * s, 0, false},                        // at the limit
		{7 * time.Minute, s, true},               // Linux: suspended for 7 minutes
		{-time.Hour, s, true},                    // the clock was set back
		{45 * s, 45 * s, false},                  // a busy machine
		{7 * time.Minute, 7 * time.Minute, true}, // elsewhere: a long gap
	} {
		if got := jumped(tt.wall, tt.mono); got != tt.want {
			t.Errorf("jumped(%v, %v) = %v, want %v", tt.wall, tt.mono, got, tt.want)
		}
	}
}

// measurer is a clock check whose answer the test sets, counting calls.
type measurer struct {
	mu     sync.Mutex
	offset time.Duration
	err    error
	calls  int
}

func (m *measurer) measure(ctx context.Context) (clocksync.Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	return clocksync.Result{Offset: m.offset, Source: "ntp:test"}, m.err
}

func (m *measurer) set(off time.Duration, err error) {
	m.mu.Lock()
	m.offset, m.err = off, err
	m.mu.Unlock()
}

func (m *measurer) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// TestClockRecheckedDaily: only after the user synced once; quiet while
// the offset stays, told when it changes, retried after a failure.
func TestClockRecheckedDaily(t *testing.T) {
	m := &measurer{offset: 37 * time.Second}
	h := newHarness(t, vipToken())
	h.sys.measure = m.measure
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	h.start(start)
	h.refresh(start.Add(2 * daily))
	if h.app.clock.running || m.count() != 0 {
		t.Fatal("re-checked a clock the user never synced")
	}
	h.click(menu.KeySyncClock, start)
	h.next(t, start)
	h.refresh(start)
	if got := h.ui.label(t, menu.KeyClockStatus); got != "Clock is 37 s slow — corrected" {
		t.Errorf("settings line %q", got)
	}
	toasts := len(h.sys.toasts)

	h.refresh(start.Add(daily - time.Second))
	if h.app.clock.running {
		t.Fatal("re-checked within a day")
	}
	day := start.Add(daily)
	h.refresh(day)
	if !h.app.clock.running || h.ui.entries[menu.KeySyncClock].Enabled {
		t.Fatal("not re-checked after a day")
	}
	h.next(t, day)
	h.refresh(day)
	if len(h.sys.toasts) != toasts || !h.settings(t).ClockChecked.Equal(day) {
		t.Errorf("same offset: toasts %v, checked %v", h.sys.toasts[toasts:], h.settings(t).ClockChecked)
	}

	// The offset changed: told, and the line follows.
	m.set(-5*time.Second, nil)
	day2 := day.Add(daily)
	h.refresh(day2)
	h.next(t, day2)
	h.refresh(day2)
	if len(h.sys.toasts) != toasts+1 || !strings.Contains(h.sys.toasts[toasts].body, "5 s fast") {
		t.Errorf("changed offset: toasts %v", h.sys.toasts[toasts:])
	}
	if got := h.ui.label(t, menu.KeyClockStatus); got != "Clock is 5 s fast — corrected" {
		t.Errorf("settings line %q", got)
	}

	// No network: quiet, offset kept, tried again in an hour.
	m.set(0, errors.New("no network"))
	day3 := day2.Add(daily)
	h.refresh(day3)
	h.next(t, day3)
	h.refresh(day3.Add(retryAfter - time.Second))
	if h.app.clock.running || len(h.sys.toasts) != toasts+1 || h.settings(t).ClockOffset != -5 || h.ui.entries[menu.KeyProblem+menu.ProblemClock].Visible {
		t.Errorf("after a failure: running %v, toasts %v, offset %v", h.app.clock.running, h.sys.toasts[toasts:], h.settings(t).ClockOffset)
	}
	h.refresh(day3.Add(retryAfter))
	if !h.app.clock.running {
		t.Error("not retried after an hour")
	}
	// The user clicks Sync clock meanwhile: told in full.
	h.click(menu.KeySyncClock, day3.Add(retryAfter))
	h.next(t, day3.Add(retryAfter))
	h.refresh(day3.Add(retryAfter))
	if e := h.ui.entries[menu.KeyProblem+menu.ProblemClock]; !e.Visible {
		t.Errorf("a clicked check's failure not shown: %+v", e)
	}
}

// TestClockRecheckedAfterResume: after a resume the clock is asked again
// once the grace period has passed.
func TestClockRecheckedAfterResume(t *testing.T) {
	m := &measurer{offset: 37 * time.Second}
	h := newHarness(t)
	h.sys.measure = m.measure
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if err := h.store.Update(func(d *token.Data) error {
		d.Settings.ClockOffset, d.Settings.ClockChecked = 37, now
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h.start(now)
	h.refresh(now.Add(time.Hour))
	if h.app.clock.running {
		t.Fatal("checked without a resume")
	}
	wake := now.Add(2 * time.Hour)
	h.app.resumed(wake)
	h.refresh(wake.Add(resumeGrace - time.Second))
	if h.app.clock.running {
		t.Fatal("checked before the network had a moment")
	}
	h.refresh(wake.Add(resumeGrace))
	if !h.app.clock.running {
		t.Fatal("not checked after the resume")
	}
	h.next(t, wake.Add(resumeGrace))
	h.refresh(wake.Add(resumeGrace + time.Second))
	if h.app.clock.running || m.count() != 1 {
		t.Errorf("checked %d times, want 1", m.count())
	}
}

// TestElapsed: only instants from the running clock tell a resume.
func TestElapsed(t *testing.T) {
	a := time.Now()
	b := a.Add(1500 * time.Millisecond)
	if wall, mono, ok := elapsed(a, b); !ok || wall != 1500*time.Millisecond || mono != 1500*time.Millisecond {
		t.Errorf("elapsed = %v %v %v", wall, mono, ok)
	}
	for _, tt := range [][2]time.Time{{time.Time{}, b}, {a.Round(0), b}, {a, b.Round(0)}} {
		if _, _, ok := elapsed(tt[0], tt[1]); ok {
			t.Errorf("elapsed(%v, %v) ok without monotonic readings", tt[0], tt[1])
		}
	}
}

package tray

import (
	"bytes"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip/viptest"
	"github.com/otptray/otptray/tray/menu"
)

// fakeVIP starts the fake VIP service on 127.0.0.1.
func fakeVIP(t *testing.T) (*viptest.Server, string) {
	t.Helper()
	fake := viptest.New()
	srv := httptest.NewServer(fake)
	t.Cleanup(func() {
		fake.Close()
		srv.Close()
		if r := fake.Rejected(); len(r) > 0 {
			t.Errorf("the fake VIP service rejected requests: %q", r)
		}
	})
	return fake, srv.URL
}

// env is a getenv over a map.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestNewVIPCredential(t *testing.T) {
	fake, url := fakeVIP(t)
	// A token of that name exists: the new one gets a unique name.
	old := vipToken()
	old.ID, old.Name, old.VIP = "old", "VIP Access", nil
	h := newHarness(t, old)
	h.services("1.0", env(map[string]string{"OTPTRAY_VIP_URL": url, "OTPTRAY_UPDATE_FEED": "http://127.0.0.1:1/none"}))
	now := time.Now()
	h.start(now)
	if e := h.ui.entries[menu.KeyNewVIP]; !e.Enabled || !e.Visible || e.Label != "New VIP credential…" {
		t.Fatalf("entry %+v", e)
	}
	if e := h.ui.entries[menu.KeyVIPProgress]; e.Visible {
		t.Fatalf("progress shown before a click: %+v", e)
	}

	// The first click only offers the entry that goes online, for 10 s.
	h.click(menu.KeyNewVIP, now)
	h.refresh(now)
	if e := h.ui.entries[menu.KeyVIPProgress]; e.Visible {
		t.Fatalf("a credential is being created after one click: %+v", e)
	}
	if e := h.ui.entries[menu.KeyNewVIPConfirm]; !e.Visible || e.Label != "Click again to create a credential (contacts the VIP service)" {
		t.Fatalf("confirming entry %+v", e)
	}
	if n := len(h.sys.toasts); n == 0 || !strings.Contains(h.sys.toasts[n-1].body, "within 10 seconds") {
		t.Errorf("no notification says how to confirm: %v", h.sys.toasts)
	}
	h.refresh(now.Add(10 * time.Second))
	if h.ui.entries[menu.KeyNewVIPConfirm].Visible {
		t.Error("the confirming entry is still offered after 10 s")
	}
	h.click(menu.KeyNewVIPConfirm, now.Add(10*time.Second))
	if a := h.app.vip.running; a {
		t.Fatal("a late confirmation created a credential")
	}
	h.sys.toasts = nil
	h.click(menu.KeyNewVIP, now)
	h.click(menu.KeyNewVIPConfirm, now.Add(3*time.Second))
	if e := h.ui.entries[menu.KeyVIPProgress]; !e.Visible || e.Enabled || e.Label != "Creating a VIP credential…" {
		t.Errorf("progress line %+v", e)
	}
	if e := h.ui.entries[menu.KeyNewVIP]; e.Enabled {
		t.Error("New VIP credential… clickable while one is being created")
	}
	h.click(menu.KeyNewVIP, now) // ignored while running: one credential only

	h.next(t, now)
	h.refresh(now)
	creds := fake.Credentials()
	if len(creds) != 1 {
		t.Fatalf("the service issued %d credentials, want 1", len(creds))
	}
	c := creds[0]
	d, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tokens) != 2 {
		t.Fatalf("%d tokens stored, want 2", len(d.Tokens))
	}
	stored := d.Tokens[1]
	if stored.Name != "VIP Access 2" || stored.VIP == nil || stored.VIP.CredentialID != c.ID || stored.VIP.Model != "SYDC" {
		t.Fatalf("stored %+v", stored)
	}
	secret, err := h.store.Secret(stored)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(secret, c.Secret) {
		t.Error("the stored secret is not the one the service issued")
	}
	// The menu shows the token's code, which is the service's.
	withSecret := stored
	withSecret.Secret = secret
	w, err := withSecret.WindowAt(now, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := fake.Code(c.ID, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if w.Code != want {
		t.Error("the token's code is not the one the service expects")
	}
	if got := h.ui.label(t, menu.KeyCode+stored.ID); !strings.HasPrefix(got, "VIP Access 2  "+token.Group(want)) {
		t.Errorf("menu line %q, want the code %s", got, want)
	}
	if got, want := h.ui.label(t, menu.KeyCredentialID+stored.ID), "Copy credential ID  "+menu.GroupCredentialID(c.ID); got != want {
		t.Errorf("credential line %q, want %q", got, want)
	}
	if e := h.ui.entries[menu.KeyVIPProgress]; e.Visible {
		t.Error("progress line still shown")
	}
	last := h.sys.toasts[len(h.sys.toasts)-1]
	if last.title != "New VIP credential" || !strings.Contains(last.body, "credential ID "+menu.GroupCredentialID(c.ID)) || !strings.Contains(last.body, "Register with your bank…") {
		t.Errorf("toast %+v", last)
	}
	// The credential ID line copies the ID without spaces.
	h.click(menu.KeyCredentialID+stored.ID, now)
	if got := h.sys.copied[len(h.sys.copied)-1]; got.text != c.ID || got.clear != 0 {
		t.Errorf("copied %+v, want the credential ID %s", got, c.ID)
	}
}

func TestNewVIPCredentialFails(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(*viptest.Server)
		env   map[string]string
		want  string
	}{
		{"model refused", func(f *viptest.Server) { f.SetReason("4E0D", "Invalid token model") }, nil, "could not create a VIP credential: "},
		{"server error", func(f *viptest.Server) { f.SetFault(viptest.HTTP500) }, nil, "HTTP status 500"},
		{"bad timeout", nil, map[string]string{"OTPTRAY_VIP_TIMEOUT": "soon"}, "OTPTRAY_VIP_TIMEOUT=soon is not a time limit"},
		{"plain http elsewhere", nil, map[string]string{"OTPTRAY_VIP_URL": "http://vip.example.com"}, "could not create a VIP credential: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, url := fakeVIP(t)
			if tt.setup != nil {
				tt.setup(fake)
			}
			e := map[string]string{"OTPTRAY_VIP_URL": url}
			for k, v := range tt.env {
				e[k] = v
			}
			h := newHarness(t)
			h.services("1.0", env(e))
			h.sys.checkUpdate = nil
			now := unix(vecBoundary)
			h.start(now)
			h.click(menu.KeyNewVIP, now)
			h.sys.toasts = nil
			h.click(menu.KeyNewVIPConfirm, now)
			h.next(t, now)
			dropAsking(t, h)
			h.refresh(now)
			if len(h.sys.toasts) != 1 || h.sys.toasts[0].title != "New VIP credential" || !strings.Contains(h.sys.toasts[0].body, tt.want) {
				t.Fatalf("toasts %+v, want one saying %q", h.sys.toasts, tt.want)
			}
			if strings.Count(h.sys.toasts[0].body, "\n") != 0 {
				t.Errorf("error toast is not one line: %q", h.sys.toasts[0].body)
			}
			d, err := h.store.Load()
			if err != nil || len(d.Tokens) != 0 {
				t.Errorf("something was stored: %v %+v", err, d)
			}
			if e := h.ui.entries[menu.KeyNewVIP]; !e.Enabled {
				t.Error("New VIP credential… not offered again after a failure")
			}
			if e := h.ui.entries[menu.KeyVIPProgress]; !e.Visible || e.Tooltip != h.sys.toasts[0].body || e.Label != menu.Shorten("⚠ "+h.sys.toasts[0].body, menu.ProblemColumns) {
				t.Errorf("error line %+v, want the toast's text, short", e)
			}
			h.refresh(now.Add(vipErrShown - time.Second))
			if !h.ui.entries[menu.KeyVIPProgress].Visible {
				t.Error("error line gone too soon")
			}
			h.refresh(now.Add(vipErrShown))
			if h.ui.entries[menu.KeyVIPProgress].Visible {
				t.Error("error line still shown after an hour")
			}
		})
	}
}

func TestNewVIPCredentialJapanese(t *testing.T) {
	fake, url := fakeVIP(t)
	fake.SetReason("4E0D", "Invalid token model")
	h := newHarness(t)
	if err := h.store.Update(func(d *token.Data) error { d.Settings.Language = "ja"; return nil }); err != nil {
		t.Fatal(err)
	}
	h.services("1.0", env(map[string]string{"OTPTRAY_VIP_URL": url}))
	h.sys.checkUpdate = nil
	now := unix(vecBoundary)
	h.start(now)
	if got := h.ui.label(t, menu.KeyNewVIP); got != "VIP クレデンシャルを新規作成…" {
		t.Errorf("label %q", got)
	}
	h.click(menu.KeyNewVIP, now)
	if got := h.ui.label(t, menu.KeyNewVIPConfirm); got != "もう一度クリックでクレデンシャルを作成（VIP サービスに接続）" {
		t.Errorf("confirming label %q", got)
	}
	h.sys.toasts = nil
	h.click(menu.KeyNewVIPConfirm, now)
	h.next(t, now)
	dropAsking(t, h)
	if len(h.sys.toasts) != 1 || !strings.HasPrefix(h.sys.toasts[0].body, "VIP クレデンシャルを作成できませんでした") {
		t.Errorf("toasts %+v", h.sys.toasts)
	}
}

func TestRegistrationHelper(t *testing.T) {
	h := newHarness(t, vipToken())
	start := unix(vecBoundary - 10)
	h.start(start)
	if got := h.ui.label(t, menu.KeyRegister+"vip1"); got != "Register with your bank…" {
		t.Fatalf("register entry %q", got)
	}
	for _, k := range []string{menu.KeyHelperHead, menu.KeyHelperFirst, menu.KeyHelperSecond, menu.KeyHelperDone} {
		if h.ui.entries[k].Visible {
			t.Fatalf("%s shown before the helper starts", k)
		}
	}
	h.click(menu.KeyRegister+"vip1", start)
	if want := []copied{{"SYDC12345678", 0}}; !slices.Equal(h.sys.copied, want) {
		t.Errorf("copied %v, want the credential ID", h.sys.copied)
	}
	boundary := unix(vecBoundary)
	from := boundary.Format("15:04:05")
	steps := []struct {
		at           time.Time
		first, other string
		toasts       int
	}{
		{start, menu.HelperIndent + "OTP1: 081 804 (now)", menu.HelperIndent + "OTP2: 050 471 from " + from, 0},
		{boundary.Add(-time.Millisecond), menu.HelperIndent + "OTP1: 081 804 (now)", menu.HelperIndent + "OTP2: 050 471 from " + from, 0},
		{boundary, menu.HelperIndent + "OTP1: 081 804", menu.HelperIndent + "OTP2: 050 471 (now)", 1},
		{boundary.Add(29 * time.Second), menu.HelperIndent + "OTP1: 081 804", menu.HelperIndent + "OTP2: 050 471 (now)", 1},
	}
	for _, s := range steps {
		h.refresh(s.at)
		if got := h.ui.label(t, menu.KeyHelperHead); got != "Registering VIP Access: credential ID SYDC 1234 5678 copied" {
			t.Errorf("at %v: head %q", s.at, got)
		}
		if got := h.ui.label(t, menu.KeyHelperFirst); got != s.first {
			t.Errorf("at %v: %q, want %q", s.at, got, s.first)
		}
		if got := h.ui.label(t, menu.KeyHelperSecond); got != s.other {
			t.Errorf("at %v: %q, want %q", s.at, got, s.other)
		}
		if len(newCodeToasts(h)) != s.toasts {
			t.Fatalf("at %v: toasts %v, want %d", s.at, newCodeToasts(h), s.toasts)
		}
	}
	if got := newCodeToasts(h)[0]; got.title != "Registering VIP Access" || got.body != "Enter this as OTP2: 050 471" {
		t.Errorf("toast %+v", got)
	}
	// OTP2's window over: the helper ends.
	h.refresh(boundary.Add(30 * time.Second))
	for _, k := range []string{menu.KeyHelperHead, menu.KeyHelperFirst, menu.KeyHelperSecond, menu.KeyHelperDone} {
		if h.ui.entries[k].Visible {
			t.Errorf("%s still shown after the helper ended", k)
		}
	}
	if len(newCodeToasts(h)) != 1 {
		t.Errorf("toasts %v", newCodeToasts(h))
	}

	// "Done" ends it early, before any toast.
	h.click(menu.KeyRegister+"vip1", start)
	if !h.ui.entries[menu.KeyHelperDone].Visible {
		t.Fatal("Done not shown")
	}
	h.click(menu.KeyHelperDone, start)
	h.refresh(boundary)
	if h.ui.entries[menu.KeyHelperFirst].Visible || len(newCodeToasts(h)) != 1 {
		t.Errorf("after Done: shown %v, toasts %v", h.ui.entries[menu.KeyHelperFirst].Visible, newCodeToasts(h))
	}
}

// TestRegistrationHelperOffset: with a clock offset the codes are those of
// true time, and OTP2 is announced when true time reaches its period.
func TestRegistrationHelperOffset(t *testing.T) {
	h := newHarness(t, vipToken())
	if err := h.store.Update(func(d *token.Data) error { d.Settings.ClockOffset = 20; return nil }); err != nil {
		t.Fatal(err)
	}
	start := unix(vecBoundary - 25) // true time: vecBoundary-5
	h.start(start)
	h.click(menu.KeyRegister+"vip1", start)
	if got := h.ui.label(t, menu.KeyHelperFirst); got != menu.HelperIndent+"OTP1: 081 804 (now)" {
		t.Errorf("%q", got)
	}
	h.refresh(unix(vecBoundary - 20))
	if len(newCodeToasts(h)) != 1 || newCodeToasts(h)[0].body != "Enter this as OTP2: 050 471" {
		t.Errorf("toasts %v", newCodeToasts(h))
	}
}

func TestRegistrationHelperNotForOthers(t *testing.T) {
	plain := vipToken()
	plain.ID, plain.VIP = "plain", nil
	hotp := vipToken()
	hotp.ID, hotp.Kind, hotp.Period = "hotp", token.HOTP, 0
	h := newHarness(t, plain, hotp)
	h.start(unix(vecBoundary))
	for _, id := range []string{"plain", "hotp"} {
		if e := h.ui.entries[menu.KeyRegister+id]; e.Visible {
			t.Errorf("register entry for %s: %+v", id, e)
		}
	}
	h.click(menu.KeyRegister+"plain", unix(vecBoundary))
	if len(h.sys.copied) != 0 || h.ui.entries[menu.KeyHelperHead].Visible {
		t.Error("the helper started for a token that is not VIP")
	}
}

func TestExpiryToastOnceADay(t *testing.T) {
	tok := vipToken()
	now := time.Date(2026, 11, 7, 9, 0, 0, 0, time.UTC)
	tok.VIP.Expiry = now.Add(12 * 24 * time.Hour)
	h := newHarness(t, tok)
	h.start(now)
	h.refresh(now.Add(time.Hour))
	if len(h.sys.toasts) != 1 || !strings.HasPrefix(h.sys.toasts[0].body, "VIP Access expires in 12 days (2026-11-19)\n") {
		t.Fatalf("toasts %v, want one", h.sys.toasts)
	}
	h.refresh(now.Add(24 * time.Hour))
	if len(h.sys.toasts) != 2 || !strings.HasPrefix(h.sys.toasts[1].body, "VIP Access expires in 11 days") {
		t.Errorf("next day: toasts %v", h.sys.toasts)
	}
}

func TestVIPConfig(t *testing.T) {
	cfg, err := vipConfig("1.0", env(map[string]string{"OTPTRAY_VIP_URL": "http://127.0.0.1:8080/", "OTPTRAY_VIP_TIMEOUT": "3s"}))
	if err != nil || cfg.ProvisionURL != "http://127.0.0.1:8080/prov" || cfg.CheckURL != "http://127.0.0.1:8080/otpCheck" || cfg.Timeout != 3*time.Second || cfg.Version != "1.0" {
		t.Errorf("%+v, %v", cfg, err)
	}
	cfg, err = vipConfig("1.0", env(nil))
	if err != nil || cfg.ProvisionURL != "" {
		t.Errorf("default: %+v, %v", cfg, err)
	}
	for _, e := range []map[string]string{
		{"OTPTRAY_VIP_URL": "http://vip.example.com"},
		{"OTPTRAY_VIP_URL": "ftp://127.0.0.1"},
		{"OTPTRAY_VIP_TIMEOUT": "-1s"},
	} {
		if _, err := vipConfig("1.0", env(e)); err == nil {
			t.Errorf("%v accepted", e)
		} else if msg := i18n.New("en").Err(err); msg == "" {
			t.Errorf("%v: empty message", e)
		}
	}
}

// TestNewVIPCredentialClockSkew: when the VIP service's clock and this
// computer's (as corrected) differ by more than 30 s, the toast says so.
func TestNewVIPCredentialClockSkew(t *testing.T) {
	for _, tt := range []struct {
		name       string
		serverLags time.Duration // the service's clock behind the local one
		offset     float64       // the stored correction, seconds
		warn       bool
	}{
		{"same clocks", 0, 0, false},
		{"computer 2 min fast", 2 * time.Minute, 0, true},
		{"computer 2 min fast, corrected", 2 * time.Minute, -120, false},
		{"computer 20 s fast", 20 * time.Second, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, url := fakeVIP(t)
			// Set before any request: nothing reads it concurrently.
			fake.Now = func() time.Time { return time.Now().Add(-tt.serverLags) }
			h := newHarness(t)
			if err := h.store.Update(func(d *token.Data) error { d.Settings.ClockOffset = tt.offset; return nil }); err != nil {
				t.Fatal(err)
			}
			h.services("1.0", env(map[string]string{"OTPTRAY_VIP_URL": url}))
			h.sys.checkUpdate = nil
			now := time.Now()
			h.start(now)
			h.click(menu.KeyNewVIP, now)
			h.sys.toasts = nil
			h.click(menu.KeyNewVIPConfirm, now)
			h.next(t, now)
			dropAsking(t, h)
			if len(h.sys.toasts) != 1 {
				t.Fatalf("toasts %v", h.sys.toasts)
			}
			if got := strings.Contains(h.sys.toasts[0].body, "differs from the VIP service's"); got != tt.warn {
				t.Errorf("toast %q: clock warning %v, want %v", h.sys.toasts[0].body, got, tt.warn)
			}
		})
	}
}

// dropAsking checks that the first toast after confirming says the VIP
// service is being asked, and drops it.
func dropAsking(t *testing.T, h *harness) {
	t.Helper()
	if len(h.sys.toasts) == 0 || h.sys.toasts[0].body != h.app.loc.T("trayvip.toast.asking") {
		t.Fatalf("toasts %+v: the first does not say the service is being asked", h.sys.toasts)
	}
	h.sys.toasts = h.sys.toasts[1:]
}

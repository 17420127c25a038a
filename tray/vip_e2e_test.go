package tray_test

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip/viptest"
	"github.com/otptray/otptray/tray/menu"
)

// buildVersioned builds the tray program stamped with version, as a release
// build is, so that an update check has a version to compare. It uses -race
// when this test binary does.
func buildVersioned(t *testing.T, version string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "otptray")
	args := []string{"build", "-buildvcs=false", "-ldflags=-X main.version=" + version, "-o", bin}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	out, err := exec.Command("go", append(args, trayPkg)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
	return bin
}

// TestVIPAndUpdatesEndToEnd creates a VIP credential from the tray against
// the fake VIP service, registers it with the helper, and checks for
// updates against a local feed, all in one running otptray. The update
// check runs while the helper waits for its boundary.
func TestVIPAndUpdatesEndToEnd(t *testing.T) {
	e2e.Require(t)
	fake := viptest.New()
	vipSrv := httptest.NewServer(fake)
	defer func() {
		fake.Close()
		vipSrv.Close()
		if r := fake.Rejected(); len(r) > 0 {
			t.Errorf("the fake VIP service rejected requests: %q", r)
		}
	}()
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"tag_name":"v1.3.0","html_url":"https://example.com/otptray/releases/v1.3.0","assets":[]}`))
	}))
	defer feed.Close()

	bin := buildVersioned(t, "1.2.0")
	store := newStore(t, prefs.Prefs{AutostartOff: true, FirstRunDone: true, HotkeyOff: true})
	watcher := e2e.WatchNotifications(t)
	p := startBinary(t, bin, store,
		"OTPTRAY_VIP_URL="+vipSrv.URL, "OTPTRAY_UPDATE_FEED="+feed.URL,
		"OTPTRAY_NTP_SERVERS=off", "OTPTRAY_TIME_URL=off")

	var cred viptest.Credential
	t.Run("new VIP credential", func(t *testing.T) {
		start := time.Now()
		p.menu.Click(t, p.item(t, prefix("New VIP credential")).ID)
		p.menu.WaitLabel(t, prefix("Click again to create a credential"), 10*time.Second)
		p.menu.Click(t, p.item(t, prefix("Click again to create a credential")).ID)
		idLine := p.menu.WaitLabel(t, prefix("Copy credential ID  "), 20*time.Second)
		t.Logf("credential in the menu %v after the click", time.Since(start))
		creds := fake.Credentials()
		if len(creds) != 1 {
			t.Fatalf("the service issued %d credentials", len(creds))
		}
		cred = creds[0]
		if want := "Copy credential ID  " + menu.GroupCredentialID(cred.ID); idLine.Label != want {
			t.Errorf("credential line %q, want %q", idLine.Label, want)
		}
		watcher.Wait(t, "credential ID "+menu.GroupCredentialID(cred.ID), 10*time.Second)
		// The code shown is the service's for the issued secret.
		deadline := time.Now().Add(5 * time.Second)
		for {
			before := time.Now()
			label := p.item(t, prefix("VIP Access  ")).Label
			after := time.Now()
			c1, _ := fake.Code(cred.ID, before, 0)
			c2, _ := fake.Code(cred.ID, after, 0)
			if strings.HasPrefix(label, "VIP Access  "+token.Group(c1)+" ") || strings.HasPrefix(label, "VIP Access  "+token.Group(c2)+" ") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the menu does not show the code the VIP service expects")
			}
			time.Sleep(50 * time.Millisecond)
		}
		d, err := store.Load()
		if err != nil || len(d.Tokens) != 1 || d.Tokens[0].VIP == nil || d.Tokens[0].VIP.CredentialID != cred.ID {
			t.Fatalf("stored: %v %+v", err, d)
		}
	})
	if cred.ID == "" {
		t.FailNow()
	}

	t.Run("registration helper, with an update check meanwhile", func(t *testing.T) {
		// Not too close to a boundary, so that OTP1 and OTP2 are the codes
		// of this period and the next.
		w, _ := cred.Token().WindowAt(time.Now(), 0)
		if time.Until(w.Until) < 3*time.Second {
			time.Sleep(time.Until(w.Until) + 50*time.Millisecond)
		}
		clicked := time.Now()
		p.menu.Click(t, p.item(t, prefix("Register with your bank")).ID)
		waitClipboard(t, "the credential ID", func(s string) bool { return s == cred.ID }, 5*time.Second)
		first, _ := cred.Token().WindowAt(clicked, 0)
		otp1, _ := fake.Code(cred.ID, first.From, 0)
		otp2, _ := fake.Code(cred.ID, first.Until, 0)
		p.menu.WaitLabel(t, func(l string) bool { return l == menu.HelperIndent+"OTP1: "+token.Group(otp1)+" (now)" }, 5*time.Second)
		p.menu.WaitLabel(t, func(l string) bool {
			return l == menu.HelperIndent+"OTP2: "+token.Group(otp2)+" from "+first.Until.Format("15:04:05")
		}, 5*time.Second)

		p.menu.Click(t, p.item(t, func(l string) bool { return l == "Check for updates" }).ID)
		watcher.Wait(t, "otptray 1.3.0 is available", 15*time.Second)
		open := p.menu.WaitLabel(t, prefix("Download otptray 1.3.0"), 5*time.Second)
		if !open.Visible || !open.Enabled {
			t.Errorf("download line %+v", open)
		}

		n := watcher.Wait(t, "Enter this as OTP2: "+token.Group(otp2), time.Until(first.Until)+10*time.Second)
		t.Logf("OTP2 announced %v after it became valid (%q)", time.Since(first.Until), n.Summary)
		p.menu.WaitLabel(t, func(l string) bool { return l == menu.HelperIndent+"OTP2: "+token.Group(otp2)+" (now)" }, 5*time.Second)
	})

	t.Run("quit", func(t *testing.T) { p.quit(t) })
}

package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip/viptest"
)

// vipHarness is a harness whose VIP endpoints are a fake server on
// 127.0.0.1 running on the harness's clock.
func vipHarness(t *testing.T) (*harness, *viptest.Server) {
	t.Helper()
	h := newHarness(t)
	h.now = time.Unix(fixedUnix+15, 0) // mid-period: no boundary nearby
	fake := viptest.New()
	fake.Now = func() time.Time { return h.now }
	srv := httptest.NewServer(fake)
	t.Cleanup(func() {
		fake.Close()
		srv.Close()
		if r := fake.Rejected(); len(r) > 0 {
			t.Errorf("the fake server rejected requests: %q", r)
		}
	})
	h.env["OTPTRAY_VIP_URL"] = srv.URL
	return h, fake
}

func TestVIPProvision(t *testing.T) {
	h, fake := vipHarness(t)
	r := h.must("", "vip", "provision", "--print-uri")
	creds := fake.Credentials()
	if len(creds) != 1 {
		t.Fatalf("%d credentials issued", len(creds))
	}
	c := creds[0]
	if !strings.HasPrefix(c.ID, "SYDC") {
		t.Errorf("default model: %s", c.ID)
	}
	code, _ := fake.Code(c.ID, h.now, 0)
	wantOut := []string{
		`Added "VIP Access".`,
		"Credential ID: " + c.ID,
		"Expires: " + c.Expiry.Format("2006-01-02"),
		"Current code: " + token.Group(code),
		"Register the credential ID " + c.ID + " on your bank's or company's VIP registration page; it usually asks for two consecutive codes.",
		"otpauth://totp/VIP%20Access:" + c.ID + "?issuer=VIP%20Access&secret=" + token.EncodeSecret(c.Secret),
	}
	if got := strings.Split(strings.TrimSpace(r.stdout), "\n"); strings.Join(got, "\n") != strings.Join(wantOut, "\n") {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, strings.Join(wantOut, "\n"))
	}
	if !strings.Contains(r.stderr, "Asking the VIP service for a new SYDC credential") || !strings.Contains(r.stderr, "contains the secret") {
		t.Errorf("stderr %q", r.stderr)
	}
	if strings.Contains(r.stderr, token.EncodeSecret(c.Secret)) {
		t.Error("the secret went to stderr")
	}
	d := h.data()
	if len(d.Tokens) != 1 {
		t.Fatalf("%d tokens stored", len(d.Tokens))
	}
	st := d.Tokens[0]
	if st.VIP == nil || st.VIP.CredentialID != c.ID || st.VIP.Model != "SYDC" || !st.VIP.Expiry.Equal(c.Expiry) {
		t.Errorf("stored VIP %+v", st.VIP)
	}
	// The stored token's codes are the server's, across periods.
	for _, at := range []int64{59, fixedUnix, fixedUnix + 29, fixedUnix + 30, 2_000_000_000} {
		want, _ := fake.Code(c.ID, time.Unix(at, 0), 0)
		got := h.must("", "code", c.ID, "--at", strconv.FormatInt(at, 10))
		if strings.TrimSpace(got.stdout) != want {
			t.Errorf("at %d: %s, server %s", at, got.stdout, want)
		}
	}
}

func TestVIPProvisionModelsAndNames(t *testing.T) {
	h, fake := vipHarness(t)
	h.must("", "vip", "provision", "--model", "vsmt", "--name", "Bank")
	h.must("", "vip", "provision", "--name", "Bank", "--model=UBHE")
	d := h.data()
	if len(d.Tokens) != 2 || d.Tokens[0].Name != "Bank" || d.Tokens[1].Name != "Bank 2" {
		t.Fatalf("tokens %+v", d.Tokens)
	}
	if d.Tokens[0].VIP.Model != "VSMT" || d.Tokens[1].Kind != token.HOTP || d.Tokens[1].Counter != fake.Credentials()[1].Counter {
		t.Errorf("models %+v %+v", d.Tokens[0], d.Tokens[1])
	}
}

// assertNothingStored checks that a failed command left no token and no
// secret behind.
func assertNothingStored(t *testing.T, h *harness) {
	t.Helper()
	if d := h.data(); len(d.Tokens) != 0 {
		t.Errorf("%d tokens stored", len(d.Tokens))
	}
	if h.kr.sets != h.kr.dels {
		t.Errorf("keyring: %d secrets set, %d deleted", h.kr.sets, h.kr.dels)
	}
}

func TestVIPProvisionFailures(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(h *harness, f *viptest.Server)
		args   []string
		status int
		stderr string
	}{
		{"4E00", func(h *harness, f *viptest.Server) { f.SetReason("4E00", "Malformed request") }, nil, 1, "rejected the request as malformed (code 4E00: Malformed request)"},
		{"4E0D", func(h *harness, f *viptest.Server) { f.SetReason("4E0D", "Unsupported token model") }, nil, 1, "does not issue the token model SYDC (code 4E0D: Unsupported token model); try SYDC, SYMC or VSST"},
		{"4F04", func(h *harness, f *viptest.Server) { f.SetReason("4F04", "Expired or unsupported mobile application") }, nil, 1, "otptray needs an update"},
		{"malformed XML", func(h *harness, f *viptest.Server) { f.SetFault(viptest.Malformed) }, nil, 1, "not valid XML"},
		{"missing IV", func(h *harness, f *viptest.Server) { f.SetFault(viptest.MissingIV) }, nil, 1, "has no EncryptionMethod/IV; nothing was stored"},
		{"missing ID", func(h *harness, f *viptest.Server) { f.SetFault(viptest.MissingID) }, nil, 1, "has no Secret/@Id"},
		{"bad padding", func(h *harness, f *viptest.Server) { f.SetFault(viptest.BadPadding) }, nil, 1, "does not decrypt (bad padding"},
		{"wrong content", func(h *harness, f *viptest.Server) { f.SetFault(viptest.WrongContent) }, nil, 1, "is 16 bytes long instead of 20"},
		{"HTTP 500", func(h *harness, f *viptest.Server) { f.SetFault(viptest.HTTP500) }, nil, 1, "answered with HTTP status 500 Internal Server Error instead of a result (Internal Server Error)"},
		{"hanging server", func(h *harness, f *viptest.Server) {
			f.SetFault(viptest.Hang)
			h.env["OTPTRAY_VIP_TIMEOUT"] = "200ms"
		}, nil, 1, "did not answer within 0.2 seconds"},
		{"oversized answer", func(h *harness, f *viptest.Server) { f.SetFault(viptest.Huge) }, nil, 1, "larger than 65536 bytes"},
		{"plain http to a host", nil, []string{"--server", "http://services.vip.symantec.com"}, 1, "refusing to contact http://services.vip.symantec.com: only https://"},
		{"plain http in the environment", func(h *harness, f *viptest.Server) { h.env["OTPTRAY_VIP_URL"] = "http://10.1.2.3:8080" }, nil, 1, "refusing to contact http://10.1.2.3:8080"},
		{"bad model", nil, []string{"--model", "SY-DC"}, 2, `"SY-DC" is not a token model`},
		{"bad timeout", func(h *harness, f *viptest.Server) { h.env["OTPTRAY_VIP_TIMEOUT"] = "soon" }, nil, 1, "OTPTRAY_VIP_TIMEOUT=soon"},
		{"empty name", nil, []string{"--name", " "}, 2, "the token has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, fake := vipHarness(t)
			if tt.setup != nil {
				tt.setup(h, fake)
			}
			r := h.run("", append([]string{"vip", "provision"}, tt.args...)...)
			if r.code != tt.status || !strings.HasPrefix(r.stderr, "otptray-cli: ") && !strings.Contains(r.stderr, "\notptray-cli: ") {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
			assertNothingStored(t, h)
		})
	}
}

func TestVIPCheckAndSync(t *testing.T) {
	h, fake := vipHarness(t)
	h.must("", "vip", "provision", "--name", "Bank")
	id := fake.Credentials()[0].ID

	r := h.must("", "vip", "check", "bank")
	if r.stdout != id+" is working: the VIP service accepted the current code.\n" {
		t.Errorf("check: %q", r.stdout)
	}
	forms := fake.Forms()
	want, _ := fake.Code(id, h.now, 0)
	if f := forms[0]; f.Path != "/otpCheck" || f.Fields["cred"] != id || f.Fields["continue"] != "otp_check" || len(f.Fields) != 8 || digitsOf(f.Fields, "cr") != want {
		t.Errorf("check request %+v, want code %s", f, want)
	}
	if lc := h.data().Tokens[0].VIP.LastContact; !lc.Equal(h.now) {
		t.Errorf("last contact %v, want %v", lc, h.now)
	}

	// The service asks for a sync; a sync right away is refused locally.
	fake.SetAnswer(viptest.SyncState)
	h.now = h.now.Add(30 * time.Second)
	r = h.run("", "vip", "check", "bank")
	if r.code != 1 || !strings.Contains(r.stderr, "says "+id+" needs a sync: wait a minute, then run 'otptray-cli vip sync \"Bank\"'") {
		t.Fatalf("needs sync: %d %q", r.code, r.stderr)
	}
	h.now = h.now.Add(59 * time.Second)
	r = h.run("", "vip", "sync", id)
	if r.code != 1 || !strings.Contains(r.stderr, "wait 1 more seconds") || len(fake.Forms()) != 2 {
		t.Fatalf("early sync: %d %q, %d requests", r.code, r.stderr, len(fake.Forms()))
	}
	h.now = h.now.Add(time.Second)
	fake.SetAnswer(viptest.Judge)
	r = h.must("", "vip", "sync", id)
	if r.stdout != id+" is in step again: the VIP service accepted the sync.\n" {
		t.Errorf("sync: %q", r.stdout)
	}
	f := fake.Forms()[2]
	prev, _ := fake.Code(id, h.now.Add(-30*time.Second), 0)
	cur, _ := fake.Code(id, h.now, 0)
	if f.Path != "/otpSync" || f.Fields["continue"] != "otp_sync" || len(f.Fields) != 14 || digitsOf(f.Fields, "cr") != prev || digitsOf(f.Fields, "ncr") != cur {
		t.Errorf("sync request %+v, want %s then %s", f, prev, cur)
	}

	// An unknown answer is shown, shortened and without markup.
	fake.SetAnswer(viptest.Garbage)
	h.now = h.now.Add(time.Minute)
	r = h.run("", "vip", "check")
	if r.code != 1 || !strings.Contains(r.stderr, `it said: "Maintenance var x=1; The service is down for maintenance."`) {
		t.Errorf("unknown answer: %d %q", r.code, r.stderr)
	}
	// Only VIP tokens can be checked.
	h.must(rfcSHA1, "add", "--secret", "-", "--name", "Mail")
	if r := h.run("", "vip", "check", "mail"); r.code != 1 || !strings.Contains(r.stderr, `"Mail" is not a VIP Access credential`) {
		t.Errorf("non-VIP token: %d %q", r.code, r.stderr)
	}
}

func digitsOf(f map[string]string, prefix string) string {
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		b.WriteString(f[prefix+strconv.Itoa(i)])
	}
	return b.String()
}

func TestVIPSyncFailsAndHOTP(t *testing.T) {
	h, fake := vipHarness(t)
	h.must("", "vip", "provision", "--model", "UBHE")
	c := fake.Credentials()[0]
	r := h.must("", "vip", "check")
	if !strings.Contains(r.stdout, "is working") {
		t.Fatalf("check: %q", r.stdout)
	}
	if got := h.data().Tokens[0].Counter; got != c.Counter+1 {
		t.Errorf("counter after check %d, want %d", got, c.Counter+1)
	}
	h.now = h.now.Add(time.Minute)
	h.must("", "vip", "sync")
	if got := h.data().Tokens[0].Counter; got != c.Counter+3 {
		t.Errorf("counter after sync %d, want %d", got, c.Counter+3)
	}
	if srv, _ := fake.Credential(c.ID); srv.Counter != c.Counter+3 {
		t.Errorf("server counter %d, want %d", srv.Counter, c.Counter+3)
	}
	// Codes far off: the service refuses the sync.
	h2, fake2 := vipHarness(t)
	h2.must("", "vip", "provision")
	fake2.Now = func() time.Time { return h2.now.Add(time.Hour) }
	r = h2.run("", "vip", "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "did not accept the sync") {
		t.Errorf("refused sync: %d %q", r.code, r.stderr)
	}
}

func TestVIPImportExport(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "vipaccess")
	content := "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid VSST12345678\nexpiry 2029-01-15T12:00:00.000Z\n"
	if err := os.WriteFile(src, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.must("", "vip", "import", src)
	want := "Added \"VIP Access\".\nCredential ID: VSST12345678\nExpires: 2029-01-15\nCurrent code: "
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("import: %q", r.stdout)
	}
	if got := h.must("", "code", "vsst", "--at", "1234567890").stdout; got != "993465\n" {
		t.Errorf("imported code %q", got)
	}
	// The same credential again is refused.
	if r := h.run("", "vip", "import", src); r.code != 1 || !strings.Contains(r.stderr, `the credential VSST12345678 is already stored as "VIP Access"`) {
		t.Errorf("duplicate: %d %q", r.code, r.stderr)
	}
	out := filepath.Join(dir, "exported")
	r = h.must("", "vip", "export", "VSST12345678", out)
	if !strings.Contains(r.stdout, "Wrote \"VIP Access\" to "+out) || !strings.Contains(r.stderr, "contains the secret") {
		t.Errorf("export: %q %q", r.stdout, r.stderr)
	}
	got, _ := os.ReadFile(out)
	if string(got) != content {
		t.Errorf("exported:\n%s\nwant:\n%s", got, content)
	}
	if fi, _ := os.Stat(out); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if r := h.run("", "vip", "export", "vip", out); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("overwrite: %d %q", r.code, r.stderr)
	}
	// Standard input, another name.
	h2 := newHarness(t)
	h2.must(content, "vip", "import", "-", "--name", "Work")
	if d := h2.data(); d.Tokens[0].Name != "Work" || d.Tokens[0].VIP.CredentialID != "VSST12345678" {
		t.Errorf("stdin import: %+v", d.Tokens[0])
	}
}

func TestVIPImportErrors(t *testing.T) {
	tests := []struct {
		name, content, stderr string
	}{
		{"bad secret", "version 1\nsecret 1111\nid VSST12345678\n", "is not a usable VIP Access credential file: line 2: the secret is not valid base32"},
		{"bad expiry", "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid VSST12345678\nexpiry tomorrow\n", "line 4: cannot read the expiry date \"tomorrow\""},
		{"missing id", "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\n", "the file has no id line"},
		{"wrong format", "otpauth://totp/x?secret=LJYW\n", "line 1: expected a key and a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			path := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			r := h.run("", "vip", "import", path)
			if r.code != 1 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q, want %q", r.code, r.stderr, tt.stderr)
			}
			if strings.Contains(r.stderr, "LJYW") {
				t.Error("the secret was quoted")
			}
			assertNothingStored(t, h)
		})
	}
	h := newHarness(t)
	if r := h.run("", "vip", "import", filepath.Join(t.TempDir(), "none")); r.code != 1 || !strings.Contains(r.stderr, "cannot open") {
		t.Errorf("missing file: %d %q", r.code, r.stderr)
	}
}

func TestVIPUsage(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct {
		args   []string
		status int
		text   string
	}{
		{[]string{"vip"}, 2, "say what to do: provision, check, sync, import or export"},
		{[]string{"vip", "launch"}, 2, `unknown vip command "launch"`},
		{[]string{"vip", "export", "x"}, 2, "missing"},
		{[]string{"vip", "provision", "extra"}, 2, "extra"},
		{[]string{"vip", "--help"}, 0, "Usage: otptray-cli vip provision"},
	} {
		r := h.run("", tt.args...)
		out := r.stderr
		if tt.status == 0 {
			out = r.stdout
		}
		if r.code != tt.status || !strings.Contains(strings.ToLower(out), strings.ToLower(tt.text)) {
			t.Errorf("%v: exit %d, %q", tt.args, r.code, out)
		}
	}
	if !regexp.MustCompile(`(?m)^  vip\s+create, check, sync`).MatchString(h.run("", "help").stdout) {
		t.Error("vip missing from help")
	}
}

func TestVIPProvisionWarnsOfClockSkew(t *testing.T) {
	for _, tt := range []struct {
		server time.Duration // server clock minus local
		offset string        // stored correction, seconds
		warn   string
	}{
		{10 * time.Second, "", "Warning: this computer's clock is 10 s behind the VIP service's"},
		{-5 * time.Second, "", "Warning: this computer's clock is 5 s ahead of the VIP service's"},
		{3 * time.Second, "", ""},
		// A stored correction that matches the server's clock: no warning.
		{40 * time.Second, "40", ""},
	} {
		h, fake := vipHarness(t)
		if tt.offset != "" {
			if err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
				d.Settings.ClockOffset, _ = strconv.ParseFloat(tt.offset, 64)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		fake.Now = func() time.Time { return h.now.Add(tt.server) }
		r := h.must("", "vip", "provision")
		if got := strings.Contains(r.stderr, "Warning"); got != (tt.warn != "") || !strings.Contains(r.stderr, tt.warn) {
			t.Errorf("server %v offset %q: stderr %q, want %q", tt.server, tt.offset, r.stderr, tt.warn)
		}
	}
}

func TestVIPExpiryShown(t *testing.T) {
	for _, tt := range []struct{ expiry, want string }{
		{"2023-12-01T00:00:00.000Z", "Expires: 2023-12-01 (in 16 days: create a new credential and register it before then)"},
		{"2023-11-01T00:00:00.000Z", "Expired: 2023-11-01 (create a new credential with 'otptray-cli vip provision')"},
		{"2026-11-01T00:00:00.000Z", "Expires: 2026-11-01\n"},
	} {
		h := newHarness(t)
		content := "version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid SYMC12345678\nexpiry " + tt.expiry + "\n"
		r := h.must(content, "vip", "import", "-")
		if !strings.Contains(r.stdout, tt.want) {
			t.Errorf("%s: %q, want %q", tt.expiry, r.stdout, tt.want)
		}
	}
}

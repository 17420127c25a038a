package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Public test secrets. RFC 6238 appendix B uses the ASCII seed
// "12345678901234567890" for SHA1; VIP_PROTOCOL vectors C, D and F come from
// the python-vipaccess project's tests.
const (
	rfcSHA1   = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	vipC      = "LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ"
	vipD      = "TIJ42MRBVW6ZOUX4IVC3NETFWQKLB7TN" // HOTP: counters 0..3 → 548860 066060 130148 885959
	vipF      = "V6GAONYOKLLGFJVUYAVUOCSQZBETCGQ6" // at 1567683640 → 398590
	fixedUnix = 1700000000
)

// harness runs the CLI in-process on a Store in a temporary folder with a
// MemKeyring, a fixed clock and buffers for stdin, stdout and stderr.
type harness struct {
	t        *testing.T
	dir      string
	kr       *countingKeyring
	env      map[string]string
	now      time.Time
	terminal bool   // stdin is a terminal
	password string // what the terminal "types" without echo
	trace    bool   // as with OTPTRAY_TRACE=1
}

func newHarness(t *testing.T) *harness {
	return &harness{
		t:   t,
		dir: t.TempDir(),
		kr:  &countingKeyring{Keyring: keyringtest.New(token.ErrNoSecret)},
		env: map[string]string{"OTPTRAY_LANG": "en"},
		now: time.Unix(fixedUnix, 0),
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line args with stdin as standard input.
func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	c := &cli{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
		env:    func(k string) string { return h.env[k] },
		now:    func() time.Time { return h.now },
		isTerminal: func(io.Reader) bool {
			return h.terminal
		},
		readPassword: func(io.Reader) ([]byte, error) { return []byte(h.password), nil },
	}
	c.trace = newTracer(h.trace, &errb)
	c.store = token.Open(h.dir, c.trace.keyring(h.kr))
	code := c.run(args)
	return result{code, out.String(), errb.String()}
}

// must runs args and fails the test unless it succeeds.
func (h *harness) must(stdin string, args ...string) result {
	h.t.Helper()
	r := h.run(stdin, args...)
	if r.code != 0 {
		h.t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r
}

func (h *harness) data() *token.Data {
	h.t.Helper()
	d, err := token.Open(h.dir, h.kr).Load()
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// countingKeyring counts the calls, to check that code reads one secret.
type countingKeyring struct {
	token.Keyring
	gets, sets, dels int
}

func (k *countingKeyring) Get(id string) ([]byte, error) { k.gets++; return k.Keyring.Get(id) }
func (k *countingKeyring) Set(id string, b []byte) error { k.sets++; return k.Keyring.Set(id, b) }
func (k *countingKeyring) Delete(id string) error        { k.dels++; return k.Keyring.Delete(id) }

func uri(kind, label, secret, extra string) string {
	return "otpauth://" + kind + "/" + label + "?secret=" + secret + extra
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		pos     []string
		at      string
		name    string
		json    bool
		errID   string // catalogue ID of the usage error; "help" for errHelp
		errFlag string
	}{
		{args: nil, pos: nil},
		{args: []string{"bank", "--at", "17"}, pos: []string{"bank"}, at: "17"},
		{args: []string{"--at", "17", "bank"}, pos: []string{"bank"}, at: "17"},
		{args: []string{"-at=17", "bank", "--json"}, pos: []string{"bank"}, at: "17", json: true},
		{args: []string{"a", "--json", "b", "--at", "1"}, pos: []string{"a", "b"}, at: "1", json: true},
		{args: []string{"--", "-x"}, pos: []string{"-x"}},
		{args: []string{"a", "--", "--json", "b"}, pos: []string{"a", "--json", "b"}},
		{args: []string{"--name", "--", "x", "--json"}, pos: []string{"x"}, name: "--", json: true},
		{args: []string{"--json", "--", "x"}, pos: []string{"x"}, json: true},
		{args: []string{"-"}, pos: []string{"-"}},
		{args: []string{"--name", "-", "x"}, pos: []string{"x"}, name: "-"},
		{args: []string{"--nope"}, errID: "cli.flag.unknown", errFlag: "--nope"},
		{args: []string{"-nope"}, errID: "cli.flag.unknown", errFlag: "-nope"},
		{args: []string{"--nope=1"}, errID: "cli.flag.unknown", errFlag: "--nope"},
		{args: []string{"bank", "--at"}, errID: "cli.flag.needs_value", errFlag: "--at"},
		{args: []string{"bank", "-at"}, errID: "cli.flag.needs_value", errFlag: "-at"},
		{args: []string{"--json=maybe"}, errID: "cli.flag.bad_value", errFlag: "--json"},
		{args: []string{"-h"}, errID: "help"},
		{args: []string{"bank", "--help"}, errID: "help"},
	}
	for _, tt := range tests {
		fs := newFlagSet("code")
		at := fs.String("at", "", "")
		name := fs.String("name", "", "")
		js := fs.Bool("json", false, "")
		pos, err := parseFlags(fs, tt.args)
		switch {
		case tt.errID == "help":
			if !errors.Is(err, errHelp) {
				t.Errorf("%q: err %v, want errHelp", tt.args, err)
			}
			continue
		case tt.errID != "":
			var ue *usageError
			var ie *msg.Error
			if !errors.As(err, &ue) || !errors.As(err, &ie) || ie.ID != tt.errID || ie.Args["Flag"] != tt.errFlag || ue.cmd != "code" {
				t.Errorf("%q: err %#v, want usage error %s for %s", tt.args, err, tt.errID, tt.errFlag)
			}
			continue
		case err != nil:
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if !slices.Equal(pos, tt.pos) || *at != tt.at || *name != tt.name || *js != tt.json {
			t.Errorf("%q: pos %q at %q name %q json %v; want %q %q %q %v", tt.args, pos, *at, *name, *js, tt.pos, tt.at, tt.name, tt.json)
		}
	}
}

func TestWantArgs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n, min, max int
		errID       string
	}{
		{0, 0, 0, ""}, {1, 0, 1, ""}, {2, 0, 1, "cli.args.extra"}, {0, 1, 1, "cli.args.missing"}, {5, 1, -1, ""},
	} {
		pos := make([]string, tt.n)
		err := wantArgs("x", pos, tt.min, tt.max)
		var ie *msg.Error
		if tt.errID == "" && err != nil || tt.errID != "" && (!errors.As(err, &ie) || ie.ID != tt.errID) {
			t.Errorf("%d args, %d..%d: %v, want %q", tt.n, tt.min, tt.max, err, tt.errID)
		}
	}
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1700000000", time.Unix(1700000000, 0), true},
		{"59", time.Unix(59, 0), true},
		{"1700000000.25", time.Unix(1700000000, 250000000), true},
		{"1700000000.000000001", time.Unix(1700000000, 1), true},
		{".5", time.Unix(0, 500000000), true},
		{"-1.5", time.Unix(-1, -500000000), true},
		{"2009-02-13T23:31:30Z", time.Unix(1234567890, 0), true},
		{"2009-02-14T08:31:30+09:00", time.Unix(1234567890, 0), true},
		{"2009-02-13T23:31:30.5Z", time.Unix(1234567890, 500000000), true},
		{"", time.Time{}, false},
		{"abc", time.Time{}, false},
		{"1e9", time.Time{}, false},
		{"+5", time.Time{}, false},
		{"5.", time.Time{}, false},
		{"5.1234567891", time.Time{}, false},
		{"2009-02-13 23:31:30", time.Time{}, false},
		{"2009-02-13", time.Time{}, false},
	} {
		got, err := parseTime(tt.in)
		if tt.ok != (err == nil) || tt.ok && !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		var te *msg.Error
		if !tt.ok && (!errors.As(err, &te) || te.ID != "time.parse") {
			t.Errorf("parseTime(%q): error %v is not time.parse", tt.in, err)
		}
	}
}

func TestCodeVectors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "sha1", uri("totp", "RFC:sha1", rfcSHA1, "&digits=8"))
	h.must("", "add", "--name", "vipc", uri("totp", "VIP:c", vipC, ""))
	h.must("", "add", "--name", "vipf", uri("totp", "VIP:f", vipF, ""))
	for _, tt := range []struct {
		name, at, want string
	}{
		// RFC 6238 appendix B, SHA1.
		{"sha1", "59", "94287082"},
		{"sha1", "1111111109", "07081804"},
		{"sha1", "1111111111", "14050471"},
		{"sha1", "1234567890", "89005924"},
		{"sha1", "2000000000", "69279037"},
		{"sha1", "20000000000", "65353130"},
		{"sha1", "2009-02-13T23:31:30Z", "89005924"},
		// VIP_PROTOCOL.md §4 C and F.
		{"vipc", "59", "486242"},
		{"vipc", "1234567890", "993465"},
		{"vipc", "2000000000", "594064"},
		{"vipf", "1567683640", "398590"},
	} {
		r := h.run("", "code", tt.name, "--at", tt.at)
		if r.code != 0 || r.stdout != tt.want+"\n" || r.stderr != "" {
			t.Errorf("code %s --at %s: exit %d, %q %q; want %s", tt.name, tt.at, r.code, r.stdout, r.stderr, tt.want)
		}
	}
}

func TestCodeJSONAndNext(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "sha1", uri("totp", "RFC:sha1", rfcSHA1, "&digits=8"))
	r := h.must("", "code", "--json", "--at", "1111111109")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%q: %v", r.stdout, err)
	}
	id := h.data().Tokens[0].ID
	want := map[string]any{
		"name": "sha1", "id": id, "code": "07081804", "next": "14050471",
		"valid_from": "2005-03-18T01:58:00Z", "valid_until": "2005-03-18T01:58:30Z", "seconds_left": 1.0,
	}
	if !mapsEqual(got, want) {
		t.Errorf("code --json:\n got %v\nwant %v", got, want)
	}

	r = h.must("", "code", "--next", "sha1", "--at", "1111111109")
	if r.stdout != "14050471\n" {
		t.Errorf("code --next: %q", r.stdout)
	}
	r = h.must("", "code", "--next", "--json", "--at", "1111111109")
	got = nil
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	want["code"], want["next"] = "14050471", nil
	want["valid_from"], want["valid_until"], want["seconds_left"] = "2005-03-18T01:58:30Z", "2005-03-18T01:59:00Z", 31.0
	delete(want, "next")
	delete(got, "next")
	if !mapsEqual(got, want) {
		t.Errorf("code --next --json:\n got %v\nwant %v", got, want)
	}
}

func mapsEqual(a, b map[string]any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestCodeAppliesOffset: the stored clock offset moves the instant, also for
// --at (which names a reading of this machine's clock).
func TestCodeAppliesOffset(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "sha1", uri("totp", "RFC:sha1", rfcSHA1, "&digits=8"))
	for _, tt := range []struct {
		offset float64
		at     string
		want   string
	}{
		{0, "1111111110", "14050471"},
		{30, "1111111080", "14050471"},
		{-1, "1111111110", "07081804"},     // true time 1111111109
		{-0.5, "1111111110.4", "07081804"}, // 1111111109.9
		{-0.5, "1111111110.5", "14050471"}, // 1111111110.0: the boundary
	} {
		if err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
			d.Settings.ClockOffset = tt.offset
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		r := h.must("", "code", "--at", tt.at)
		if r.stdout != tt.want+"\n" {
			t.Errorf("offset %v at %s: %q, want %s", tt.offset, tt.at, r.stdout, tt.want)
		}
	}
	r := h.must("", "code", "--json", "--at", "1111111110.4")
	if !strings.Contains(r.stdout, `"valid_until": "2005-03-18T01:58:30.5Z"`) || !strings.Contains(r.stdout, `"seconds_left": 1`) {
		t.Errorf("fractional offset in JSON: %s", r.stdout)
	}
}

// TestCodeOneKeyringRead: code reads exactly one secret, however many tokens
// there are, and writes nothing.
func TestCodeOneKeyringRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for range 100 {
		h.must("", "add", "--force", uri("totp", "Bulk:user", rfcSHA1, ""))
	}
	h.kr.gets, h.kr.sets, h.kr.dels = 0, 0, 0
	before := h.data().Revision
	h.must("", "code", "bulk (user) 57")
	if h.kr.gets != 1 || h.kr.sets != 0 || h.kr.dels != 0 {
		t.Errorf("code: %d keyring reads, %d writes, %d deletes; want 1, 0, 0", h.kr.gets, h.kr.sets, h.kr.dels)
	}
	if after := h.data().Revision; after != before {
		t.Errorf("code of a TOTP token saved the file (revision %d → %d)", before, after)
	}
}

func TestHOTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must(vipD+"\n", "add", "--secret", "-", "--hotp", "--name", "vipd")
	// VIP_PROTOCOL.md §4 D: counters 0..3.
	if r := h.must("", "code", "vipd", "--next"); r.stdout != "066060\n" {
		t.Errorf("--next at counter 0: %q", r.stdout)
	}
	for i, want := range []string{"548860", "066060", "130148"} {
		r := h.must("", "code")
		if r.stdout != want+"\n" {
			t.Errorf("use %d: %q, want %s", i, r.stdout, want)
		}
		if c := h.data().Tokens[0].Counter; c != uint64(i+1) {
			t.Errorf("after use %d the counter is %d", i, c)
		}
	}
	r := h.must("", "code", "--json")
	if !strings.Contains(r.stdout, `"code": "885959"`) || !strings.Contains(r.stdout, `"counter": 3`) || strings.Contains(r.stdout, "valid_") {
		t.Errorf("HOTP --json: %s", r.stdout)
	}
	r = h.run("", "code", "--at", "59")
	if r.code != 1 || !strings.Contains(r.stderr, "counter-based (HOTP)") {
		t.Errorf("--at on HOTP: exit %d, %q", r.code, r.stderr)
	}
	if c := h.data().Tokens[0].Counter; c != 4 {
		t.Errorf("refused --at moved the counter to %d", c)
	}
	h.must(vipD+"\n", "add", "--secret", "-", "--hotp", "--counter", "2", "--name", "late")
	if r := h.must("", "code", "late"); r.stdout != "130148\n" {
		t.Errorf("--counter 2: %q", r.stdout)
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must("", "add", uri("totp", "ACME:alice", vipF, "&issuer=ACME"))
	wantOut := "Added \"ACME (alice)\".\nCurrent code: " + groupedAt(t, vipF, fixedUnix) + "\n"
	if r.stdout != wantOut || r.stderr != "" {
		t.Errorf("add URI: %q %q; want %q", r.stdout, r.stderr, wantOut)
	}
	// The same token again is refused, naming the one stored; with --force
	// it is added from stdin (with a CRLF line end) and gets a number.
	r = h.run("", "add", uri("totp", "acme:Alice", vipF, "&issuer=ACME"))
	if want := "otptray-cli: not added: \"ACME (alice)\" already has this secret, issuer and account; add --force to add it anyway\n"; r.code != exitError || r.stderr != want || r.stdout != "" {
		t.Errorf("add a duplicate: exit %d, %q %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	r = h.must(uri("totp", "ACME:alice", vipF, "")+"\r\n", "add", "--force")
	if !strings.HasPrefix(r.stdout, "Added \"ACME (alice) 2\".\n") {
		t.Errorf("add from stdin: %q", r.stdout)
	}
	// A bare secret with every parameter.
	r = h.must(strings.ToLower(rfcSHA1)+"\n", "add", "--secret", "-", "--issuer", "Bank", "--account", "bob",
		"--digits", "8", "--period", "60", "--algorithm", "sha256")
	if !strings.HasPrefix(r.stdout, "Added \"Bank (bob)\".\n") {
		t.Errorf("add --secret: %q", r.stdout)
	}
	d := h.data()
	b := d.Tokens[2]
	if b.Issuer != "Bank" || b.Account != "bob" || b.Digits != 8 || b.Period != 60 || b.Algorithm != token.SHA256 || b.Kind != token.TOTP {
		t.Errorf("stored %+v", b)
	}
	if sec, err := h.kr.Keyring.Get(b.ID); err != nil || token.EncodeSecret(sec) != rfcSHA1 {
		t.Error("the keyring does not hold the secret given on stdin")
	}
	// On a terminal the secret is asked for without echo.
	h.terminal, h.password = true, vipC
	r = h.must("", "add", "--secret", "-", "--name", "typed")
	if r.stderr != "Secret in base32 (not shown): \n" {
		t.Errorf("prompt: %q", r.stderr)
	}
	h.terminal = false
	// The secrets are nowhere in the folder, nor in any output.
	files, _ := filepath.Glob(filepath.Join(h.dir, "*"))
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		for _, s := range []string{rfcSHA1, vipF, vipC, strings.ToLower(rfcSHA1)} {
			if bytes.Contains(bytes.ToUpper(raw), []byte(strings.ToUpper(s))) {
				t.Errorf("%s holds a secret", filepath.Base(f))
			}
		}
	}
}

func groupedAt(t *testing.T, secret string, unix int64) string {
	t.Helper()
	b, _ := token.ParseSecret(secret)
	tok := token.Token{Secret: b}
	if err := tok.Validate(); err != nil {
		t.Fatal(err)
	}
	w, err := tok.WindowAt(time.Unix(unix, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	return token.Group(w.Code)
}

// TestErrors: every failure has its exit status and message, and changes
// nothing.
func TestErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "bank", uri("totp", "Bank:a", rfcSHA1, ""))
	h.must("", "add", "--name", "bar", uri("totp", "Bar:b", vipC, ""))
	before, _ := os.ReadFile(filepath.Join(h.dir, token.FileName))
	keys := h.kr.Keyring.(*keyringtest.MemKeyring).Len()
	for _, tt := range []struct {
		stdin  string
		args   []string
		code   int
		stderr string // a part of it
	}{
		{"", nil, 2, "Usage: otptray-cli COMMAND"},
		{"", []string{"frobnicate"}, 2, "otptray-cli: unknown command \"frobnicate\"\n"},
		{"", []string{"code", "--bogus"}, 2, "otptray-cli: unknown flag --bogus\nUsage: otptray-cli code [FLAGS] [NAME]\nSee 'otptray-cli help code'.\n"},
		{"", []string{"code", "a", "b"}, 2, "otptray-cli: too many arguments: b\n"},
		{"", []string{"code", "--at", "yesterday"}, 2, "cannot read the time \"yesterday\""},
		{"", []string{"code", "ba"}, 1, "otptray-cli: \"ba\" matches several tokens: \"bank\", \"bar\"\n"},
		{"", []string{"code", "nope"}, 1, "otptray-cli: no token matches \"nope\"\n"},
		{"", []string{"rename", "bank"}, 2, "otptray-cli: the argument NEW-NAME is missing\n"},
		{"", []string{"rename"}, 2, "otptray-cli: the argument NAME is missing\n"},
		{"", []string{"rename", "bank", "BAR"}, 1, "a token named \"BAR\" already exists"},
		{"", []string{"remove", "bank"}, 1, "add --yes"},
		{"", []string{"uri"}, 2, "otptray-cli: the argument NAME is missing\n"},
		{"", []string{"add", "--secret", rfcSHA1}, 2, "--secret takes only -"},
		{"x\n", []string{"add", "--secret", "-", "otpauth://totp/a?secret=" + rfcSHA1}, 2, "not both"},
		{"", []string{"add", "--digits", "8", "otpauth://totp/a?secret=" + rfcSHA1}, 2, "the flag --digits needs --secret -"},
		{"x\n", []string{"add", "--secret", "-", "--counter", "3"}, 2, "--counter needs --hotp"},
		{"x\n", []string{"add", "--secret", "-", "--hotp", "--period", "60"}, 2, "--period does not apply"},
		{"", []string{"add", "--digits", "many", "--secret", "-"}, 2, "\"many\" is not a valid value for the flag --digits"},
		{"", []string{"add"}, 1, "no URI on standard input"},
		{"otpauth://totp/a?secret=1!!\n", []string{"add"}, 1, "otptray-cli: bad secret in the URI: the secret is not valid base32"},
		{"", []string{"add", "otpauth://totp/a?secret=" + rfcSHA1 + "&digits=12"}, 1, "bad digits=12 in the URI"},
		{"", []string{"add", "otpauth://totp/a?secret=" + rfcSHA1 + "&period=0"}, 1, "bad period=0 in the URI"},
		{"", []string{"add", "http://example.com/"}, 1, "wrong scheme \"http\""},
		{"", []string{"add", "otpauth://totp/a?issuer=x"}, 1, "the URI has no secret= parameter"},
		{"!!!\n", []string{"add", "--secret", "-"}, 1, "the secret is not valid base32"},
		{"\n", []string{"add", "--secret", "-"}, 1, "the secret is empty"},
		{vipC + "\n", []string{"add", "--secret", "-", "--algorithm", "md5"}, 1, "unknown algorithm \"md5\""},
		{"", []string{"add", "--name", " ", "otpauth://totp/a?secret=" + rfcSHA1}, 1, "the token has no name"},
	} {
		r := h.run(tt.stdin, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d, stderr with %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.stderr)
		}
		if strings.Contains(r.stderr, rfcSHA1) {
			t.Errorf("%q: the secret is in the error", tt.args)
		}
	}
	after, _ := os.ReadFile(filepath.Join(h.dir, token.FileName))
	if !bytes.Equal(before, after) || h.kr.Keyring.(*keyringtest.MemKeyring).Len() != keys {
		t.Error("a failed command changed the store")
	}
}

func TestCorruptFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "bank", uri("totp", "Bank:a", rfcSHA1, ""))
	h.must("", "add", "--name", "other", uri("totp", "O:b", vipC, "")) // makes a backup
	path := filepath.Join(h.dir, token.FileName)
	bad := []byte("{\"schema\": 1, \"tokens\": [\n  {oops\n")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"code", "bank"}, {"list"}, {"add", uri("totp", "N:n", vipF, "")}, {"rename", "bank", "b2"},
		{"remove", "--yes", "bank"}, {"default", "bank"}, {"uri", "bank"},
	} {
		r := h.run("", args...)
		want := "otptray-cli: the tokens file " + path + " is damaged (line 2: invalid character 'o'"
		if r.code != 1 || !strings.HasPrefix(r.stderr, want) || !strings.HasSuffix(r.stderr, token.Open(h.dir, nil).BackupPath()+"\n") {
			t.Errorf("%q: exit %d, %q; want exit 1 and %q... naming the backup", args, r.code, r.stderr, want)
		}
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, bad) {
		t.Error("the damaged file was changed")
	}
	if n := h.kr.Keyring.(*keyringtest.MemKeyring).Len(); n != 2 {
		t.Errorf("the keyring holds %d secrets, want the 2 from before", n)
	}
}

func TestManage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "Bank", uri("totp", "B:b", rfcSHA1, ""))
	h.must("", "add", "--name", "Mail", uri("totp", "M:m", vipC, ""))
	bankID := h.data().Tokens[0].ID

	if r := h.must("", "list"); r.stdout != "  NAME  TYPE  CREDENTIAL ID\n* Bank  TOTP  -\n  Mail  TOTP  -\n" {
		t.Errorf("list:\n%s", r.stdout)
	}
	if r := h.must("", "default", "ma"); r.stdout != "\"Mail\" is now the default token.\n" {
		t.Errorf("default: %q", r.stdout)
	}
	if r := h.must("", "code", "--at", "59"); r.stdout != "486242\n" {
		t.Errorf("code of the default: %q", r.stdout)
	}
	if r := h.must("", "rename", "BANK", "Savings"); r.stdout != "Renamed \"Bank\" to \"Savings\".\n" {
		t.Errorf("rename: %q", r.stdout)
	}
	r := h.must("", "list")
	if r.stdout != "  NAME     TYPE  CREDENTIAL ID\n  Savings  TOTP  -\n* Mail     TOTP  -\n" {
		t.Errorf("list after rename and default:\n%s", r.stdout)
	}
	r = h.must("", "uri", "sav")
	if r.stdout != "otpauth://totp/B:b?issuer=B&secret="+rfcSHA1+"\n" || !strings.HasPrefix(r.stderr, "warning: this URI contains the secret of \"Savings\"") {
		t.Errorf("uri: %q %q", r.stdout, r.stderr)
	}

	// remove asks on a terminal; anything but yes keeps the token.
	h.terminal = true
	r = h.run("n\n", "remove", "savings")
	if r.code != 1 || r.stderr != "Remove \"Savings\" and delete its secret? This cannot be undone. [y/N] otptray-cli: cancelled: \"Savings\" was not removed\n" {
		t.Errorf("remove, answered n: exit %d, %q", r.code, r.stderr)
	}
	if r = h.run("", "remove", "savings"); r.code != 1 {
		t.Errorf("remove, no answer: exit %d", r.code)
	}
	if len(h.data().Tokens) != 2 {
		t.Fatal("a refused remove removed")
	}
	r = h.run("yes\n", "remove", "savings")
	if r.code != 0 || r.stdout != "Removed \"Savings\".\n" {
		t.Errorf("remove, answered yes: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := h.kr.Keyring.Get(bankID); !errors.Is(err, token.ErrNoSecret) {
		t.Errorf("the removed token's secret is still in the keyring: %v", err)
	}
	h.terminal = false
	h.must("", "remove", "mail", "--yes")
	if r := h.must("", "list"); r.stdout != "" || !strings.Contains(r.stderr, "no tokens yet") {
		t.Errorf("empty list: %q %q", r.stdout, r.stderr)
	}
	if h.kr.Keyring.(*keyringtest.MemKeyring).Len() != 0 {
		t.Error("secrets left after removing every token")
	}
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "Bank", uri("totp", "B:b", rfcSHA1, "&digits=8"))
	h.must(vipD, "add", "--secret", "-", "--hotp", "--counter", "5", "--name", "ctr")
	if err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
		d.Tokens[0].VIP = &token.VIP{CredentialID: "SYMC26070843"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	d := h.data()
	r := h.must("", "list", "--json")
	want := `[
  {
    "id": "` + d.Tokens[0].ID + `",
    "name": "Bank",
    "issuer": "B",
    "account": "b",
    "kind": "totp",
    "algorithm": "SHA1",
    "digits": 8,
    "period": 30,
    "credential_id": "SYMC26070843",
    "default": true
  },
  {
    "id": "` + d.Tokens[1].ID + `",
    "name": "ctr",
    "kind": "hotp",
    "algorithm": "SHA1",
    "digits": 6,
    "counter": 5,
    "default": false
  }
]
`
	if r.stdout != want {
		t.Errorf("list --json:\n%s\nwant\n%s", r.stdout, want)
	}
	// A VIP token is found by its credential ID, spaces ignored.
	if r := h.must("", "code", "symc 2607", "--at", "59"); r.stdout != "94287082\n" {
		t.Errorf("code by credential ID: %q", r.stdout)
	}
	if r := h.must("", "list"); !strings.Contains(r.stdout, "* Bank  TOTP  SYMC26070843\n") {
		t.Errorf("list with a VIP token:\n%s", r.stdout)
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.env = map[string]string{"OTPTRAY_LANG": "ja"}
	if r := h.run("", "code", "x"); r.stderr != "otptray-cli: \"x\" に一致するトークンはありません\nトークンの名前は otptray-cli list で確認できます。\n" {
		t.Errorf("OTPTRAY_LANG=ja: %q", r.stderr)
	}
	// The setting counts when OTPTRAY_LANG is unset, and OTPTRAY_LANG wins.
	if err := token.Open(h.dir, h.kr).Update(func(d *token.Data) error {
		d.Settings.Language = "ja"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h.env = map[string]string{}
	r := h.run("", "frobnicate")
	if !strings.HasPrefix(r.stderr, "otptray-cli: 不明なコマンド \"frobnicate\" です\n") {
		t.Errorf("Settings.Language=ja: %q", r.stderr)
	}
	h.env = map[string]string{"OTPTRAY_LANG": "en"}
	if r := h.run("", "frobnicate"); !strings.HasPrefix(r.stderr, "otptray-cli: unknown command") {
		t.Errorf("OTPTRAY_LANG=en over the setting: %q", r.stderr)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must("", "help")
	for _, name := range commandNames() {
		if !strings.Contains(r.stdout, "\n  "+name+" ") {
			t.Errorf("help does not list %s", name)
		}
	}
	for _, args := range [][]string{{"help", "code"}, {"code", "-h"}, {"code", "bank", "--help"}} {
		r := h.must("", args...)
		if !strings.HasPrefix(r.stdout, "Usage: otptray-cli code") || r.stderr != "" {
			t.Errorf("%q: %q %q", args, r.stdout, r.stderr)
		}
	}
	if r := h.run("", "help", "nope"); r.code != 2 {
		t.Errorf("help nope: exit %d", r.code)
	}
	if r := h.must("", "--version"); r.stdout != "otptray-cli dev\n" {
		t.Errorf("version: %q", r.stdout)
	}
}

// TestCatalogue: every registered command, also those added in other files,
// has its help in every language.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Languages {
		loc := i18n.New(lang)
		for _, name := range commandNames() {
			cmd := commands[name]
			for _, id := range []string{cmd.summaryID, cmd.usageID} {
				if loc.T(id) == id {
					t.Errorf("%s: %s: message %q is missing", lang, name, id)
				}
			}
			if u := loc.T(cmd.usageID); !strings.Contains(u, "otptray-cli "+name) {
				t.Errorf("%s: usage of %s does not show its synopsis", lang, name)
			}
		}
	}
}

// TestNoGUIDependencies: the console program must run without a display, so
// it must not link the hotkey library (which opens the X display in init) or
// any other desktop seam.
func TestNoGUIDependencies(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		cmd := exec.Command(goTool, "list", "-deps", ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("GOOS=%s go list -deps: %v", goos, err)
		}
		deps := strings.Fields(string(out))
		if !slices.Contains(deps, "github.com/otptray/otptray/token") {
			t.Fatalf("GOOS=%s: go list -deps output does not look right: %q", goos, out)
		}
		for _, dep := range deps {
			for _, bad := range []string{"hotkey", "systray", "clipboard", "beeep", "notify", "fyne.io", "golang.design", "/tray"} {
				if strings.Contains(dep, bad) {
					t.Errorf("GOOS=%s: otptray-cli links %s", goos, dep)
				}
			}
		}
	}
}

// TestTrace: OTPTRAY_TRACE=1 shows the phases of code and its one keyring
// read, and nothing of the token.
func TestTrace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "sha1", uri("totp", "RFC:sha1", rfcSHA1, "&digits=8"))
	h.trace = true
	r := h.must("", "code", "sha1", "--at", "59")
	if r.stdout != "94287082\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	re := regexp.MustCompile(`^trace: config read: \d+\.\d{3}ms
trace: keyring fetch: \d+\.\d{3}ms
trace: code: \d+\.\d{3}ms
trace: other: -?\d+\.\d{3}ms
trace: main total: \d+\.\d{3}ms
trace: keyring calls: get 1 set 0 delete 0
$`)
	if !re.MatchString(r.stderr) {
		t.Errorf("trace:\n%s", r.stderr)
	}
	for _, s := range []string{"94287082", rfcSHA1, "sha1"} {
		if strings.Contains(r.stderr, s) {
			t.Errorf("the trace shows %q", s)
		}
	}
	h.trace = false
	if r := h.must("", "code", "sha1"); r.stderr != "" {
		t.Errorf("trace without OTPTRAY_TRACE: %q", r.stderr)
	}
}

func TestColumns(t *testing.T) {
	got := columns([][]string{
		{" ", "名前", "種類", "クレデンシャルID"},
		{"*", "銀行", "TOTP", "SYMC26070843"},
		{" ", "Mail (me@example.com)", "HOTP", "-"},
	})
	want := "" +
		"  名前                   種類  クレデンシャルID\n" +
		"* 銀行                   TOTP  SYMC26070843\n" +
		"  Mail (me@example.com)  HOTP  -\n"
	if got != want {
		t.Errorf("columns:\n%s\nwant\n%s", got, want)
	}
}

// TestKeyringUnavailable: without a keyring, code and add fail with the
// keyring's message, and add leaves the file as it was.
func TestKeyringUnavailable(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "add", "--name", "bank", uri("totp", "Bank:a", rfcSHA1, ""))
	before, _ := os.ReadFile(filepath.Join(h.dir, token.FileName))
	h.kr.Keyring.(*keyringtest.MemKeyring).Fail = msg.New("keyring.unavailable_unix", nil, "Detail", "no Secret Service on the bus")
	for _, args := range [][]string{{"code"}, {"uri", "bank"}, {"add", uri("totp", "N:n", vipF, "")}} {
		r := h.run("", args...)
		if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, "otptray-cli: the system keyring (Secret Service) is not available: no Secret Service on the bus. ") {
			t.Errorf("%q: exit %d, %q %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(h.dir, token.FileName)); !bytes.Equal(before, after) {
		t.Error("a failed add changed the tokens file")
	}
}

func TestReadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in, want string
		errID    string
	}{
		{"abc\n", "abc", ""},
		{"abc\r\n", "abc", ""},
		{"abc", "abc", ""},
		{"abc\n\n", "abc\n", ""},
		{"", "", ""},
		{strings.Repeat("a", maxInput), strings.Repeat("a", maxInput), ""},
		{strings.Repeat("a", maxInput+1), "", "cli.stdin.too_long"},
	} {
		c := &cli{stdin: strings.NewReader(tt.in), isTerminal: func(io.Reader) bool { return false }}
		got, err := c.readSecretInput("cli.add.prompt_secret")
		var ie *msg.Error
		if tt.errID != "" && (!errors.As(err, &ie) || ie.ID != tt.errID) || tt.errID == "" && (err != nil || got != tt.want) {
			t.Errorf("%.20q: %.20q, %v; want %.20q %s", tt.in, got, err, tt.want, tt.errID)
		}
	}
	// Data that nobody types is refused from a terminal.
	c := &cli{stdin: strings.NewReader("x"), isTerminal: func(io.Reader) bool { return true }}
	var ie *msg.Error
	if _, err := c.readPipedInput(); !errors.As(err, &ie) || ie.ID != "cli.stdin.terminal" {
		t.Errorf("readPipedInput from a terminal: %v", err)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// Tests of import, export, backup and restore, in-process on a MemKeyring.
// The fixtures are token/transfer's (the reference set of FORMATS.md).

func fixture(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "token", "transfer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// codes lists every token's name and code at a fixed instant (HOTP: the
// code of its counter), the way a user would compare two stores.
func (h *harness) codes() []string {
	h.t.Helper()
	s := token.Open(h.dir, h.kr)
	d := h.data()
	var out []string
	for _, t := range d.Tokens {
		full, err := s.WithSecret(t)
		if err != nil {
			h.t.Fatal(err)
		}
		for _, at := range []time.Time{time.Unix(59, 0), time.Unix(fixedUnix, 0)} {
			w, err := full.WindowAt(at, 0)
			if err != nil {
				h.t.Fatal(err)
			}
			out = append(out, full.Issuer+"/"+full.Account+"="+w.Code)
		}
	}
	slices.Sort(out)
	return out
}

const aegisSkipped = "Not imported: Yandex (ivan): yandex tokens are not supported.\n" +
	"Not imported: OldBank (pat): motp tokens are not supported.\n"

func TestImportSummaryAndDuplicates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must("", "import", fixture(t, "aegis-plain.json"))
	want := `Imported "Deno (Mason)".
Imported "SPDX (James)".
Imported "Airbnb (Elijah)".
Imported "Issuu (James)".
Imported "Air Canada (Benjamin)".
Imported "WWE (Mason)".
Imported "Boeing (Sophia)".
` + aegisSkipped + "imported 7, 2 unsupported (Yandex (ivan): yandex tokens are not supported; OldBank (pat): motp tokens are not supported)\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	if h.kr.Keyring.(*keyringtest.MemKeyring).Len() != 7 {
		t.Errorf("%d secrets", h.kr.Keyring.(*keyringtest.MemKeyring).Len())
	}
	// The same tokens from another app: all duplicates, counted exactly.
	r = h.must("", "import", fixture(t, "andotp-plain.json"))
	if !strings.HasSuffix(r.stdout, "imported 0, skipped 7 duplicates, 1 unsupported (Pin (motp): motp tokens are not supported)\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if n := len(h.data().Tokens); n != 7 {
		t.Errorf("%d tokens after importing duplicates", n)
	}
	// A Steam token makes Steam codes.
	r = h.must("", "code", "boeing", "--at", "59")
	if code := strings.TrimSpace(r.stdout); len(code) != 5 || strings.Trim(code, "23456789BCDFGHJKMNPQRTVWXY") != "" {
		t.Errorf("Steam code %q", code)
	}
}

// TestImportEveryFixture: every format and its encrypted variant imports the
// same seven tokens with the same codes.
func TestImportEveryFixture(t *testing.T) {
	t.Parallel()
	ref := newHarness(t)
	ref.must("", "import", fixture(t, "reference.uri.txt"))
	want := ref.codes()
	for _, f := range []string{"aegis-plain.json", "aegis-encrypted.json", "2fas-plain.2fas", "2fas-encrypted.2fas", "andotp-plain.json", "andotp-encrypted.json.aes"} {
		t.Run(f, func(t *testing.T) {
			h := newHarness(t)
			h.must("test\n", "import", "--password-stdin", fixture(t, f))
			if got := h.codes(); !slices.Equal(got, want) {
				t.Errorf("codes differ from the URI list's")
			}
		})
	}
	t.Run("terminal password", func(t *testing.T) {
		h := newHarness(t)
		h.terminal, h.password = true, "test"
		r := h.must("", "import", fixture(t, "2fas-encrypted.2fas"))
		if !strings.Contains(r.stderr, "Password (not shown): ") {
			t.Errorf("no prompt: %q", r.stderr)
		}
		if got := h.codes(); !slices.Equal(got, want) {
			t.Errorf("codes differ")
		}
	})
}

// TestImportRefusals: a file-level failure imports nothing, exit 1, and the
// store stays byte-identical.
func TestImportRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "import", fixture(t, "qr-two.png"))
	before, err := os.ReadFile(filepath.Join(h.dir, token.FileName))
	if err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), transfer.MaxInput+1), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		err   string
	}{
		{"wrong password", "nottest\n", []string{"import", "--password-stdin", fixture(t, "aegis-encrypted.json")}, 1, "wrong password (or the file is damaged); nothing was imported"},
		{"no terminal for the password", "", []string{"import", fixture(t, "andotp-encrypted.json.aes")}, 1, "a password is needed and standard input is not a terminal"},
		{"schema 5", "", []string{"import", fixture(t, "2fas-schema5.2fas")}, 1, "this 2FAS backup has schema version 5"},
		{"no QR", "", []string{"import", fixture(t, "qr-none.png")}, 1, "no QR code was found in the image"},
		{"oversized", "", []string{"import", big}, 1, "the input is larger than 16 MiB"},
		{"garbage on stdin", "\x00\x01garbage", []string{"import", "-"}, 1, "cannot tell the format of the input"},
		{"missing file", "", []string{"import", "/nonexistent/file"}, 1, "cannot open /nonexistent/file"},
		{"file and password on stdin", "", []string{"import", "--password-stdin", "-"}, 2, "the file and the password cannot both come from standard input"},
		{"bad format", "", []string{"import", "--format", "keepass", fixture(t, "aegis-plain.json")}, 2, `unknown format "keepass"`},
		{"no file", "", []string{"import"}, 2, "an argument is missing"},
	}
	for _, tt := range tests {
		r := h.run(tt.stdin, tt.args...)
		if r.code != tt.code || !strings.HasPrefix(r.stderr, "otptray-cli: "+tt.err) {
			t.Errorf("%s: exit %d, stderr %q", tt.name, r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%s: stdout %q", tt.name, r.stdout)
		}
	}
	after, err := os.ReadFile(filepath.Join(h.dir, token.FileName))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the tokens file changed (%v)", err)
	}
}

// TestImportDryRun: --dry-run says what would happen and leaves the store
// byte-identical and the keyring untouched.
func TestImportDryRun(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must("", "import", fixture(t, "qr-two.png")) // Deno and Issuu
	path := filepath.Join(h.dir, token.FileName)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sets, dels := h.kr.sets, h.kr.dels
	r := h.must("", "import", "--dry-run", fixture(t, "reference.uri.txt"))
	motp := inEnglish(msg.New("transfer.unsupported_kind", nil, "Kind", "motp"))
	wantOut := `Would import "SPDX (James)".
Would import "Airbnb (Elijah)".
Would import "Air Canada (Benjamin)".
Would import "WWE (Mason)".
Would import "Boeing (Sophia)".
Skipped "Deno (Mason)": already in otptray.
Skipped "Issuu (James)": already in otptray.
Not imported: Old:Bank: ` + motp + `.
would import 5, skipped 2 duplicates, 1 unsupported (Old:Bank: ` + motp + `)
`
	if r.stdout != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, wantOut)
	}
	if r.stderr != "Dry run: nothing was changed.\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("--dry-run changed tokens.json")
	}
	if h.kr.sets != sets || h.kr.dels != dels {
		t.Error("--dry-run wrote to the keyring")
	}
	// On an empty store, --dry-run creates nothing at all.
	e := newHarness(t)
	e.must("", "import", "--dry-run", fixture(t, "reference.uri.txt"))
	if entries, _ := os.ReadDir(e.dir); len(entries) != 0 {
		t.Errorf("--dry-run created %d files", len(entries))
	}
}

// TestImportMigrationSet: a multi-code Google export, given in part, says
// which codes are missing; the rest completes it without duplicates.
func TestImportMigrationSet(t *testing.T) {
	t.Parallel()
	lines := strings.Fields(string(must(os.ReadFile(fixture(t, "google-multibatch.txt")))))
	h := newHarness(t)
	r := h.must(lines[0]+"\n"+lines[2]+"\n", "import", "-")
	if !strings.Contains(r.stderr, "warning: this Google Authenticator export has 3 QR codes, and these were not given: 2.") {
		t.Errorf("stderr %q", r.stderr)
	}
	if !strings.HasSuffix(r.stdout, "imported 8\n") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = h.must(strings.Join(lines, "\n"), "import", "-")
	if !strings.HasSuffix(r.stdout, "imported 4, skipped 8 duplicates\n") || r.stderr != "" {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestImportVipaccess(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must("version 1\nsecret LJYWKRGZO5TV2IQSD434O5RWELYBGXDJ\nid VSST12345678\nexpiry 2019-01-15T12:00:00.000Z\n", "import", "-")
	if !strings.HasPrefix(r.stdout, `Imported "VIP Access".`) {
		t.Errorf("stdout %q", r.stdout)
	}
	d := h.data()
	if len(d.Tokens) != 1 || d.Tokens[0].VIP == nil || d.Tokens[0].VIP.CredentialID != "VSST12345678" {
		t.Errorf("tokens %+v", d.Tokens)
	}
	// Damaged: the VIP parser's own message.
	r = h.run("version 1\nsecret !!\nid VSST12345678\n", "import", "--format", "vipaccess", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("exit %d stderr %q", r.code, r.stderr)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

const secretsWarning = "warning: the output contains the secrets of your tokens"

// TestExportRoundTrips: what each format exports imports back into an empty
// store with the same codes.
func TestExportRoundTrips(t *testing.T) {
	t.Parallel()
	src := newHarness(t)
	src.must("", "import", fixture(t, "reference.uri.txt"))
	want := src.codes()
	out := t.TempDir()

	t.Run("uri to stdout", func(t *testing.T) {
		r := src.must("", "export", "--format", "uri")
		if !strings.HasPrefix(r.stderr, secretsWarning) {
			t.Errorf("stderr %q", r.stderr)
		}
		dst := newHarness(t)
		dst.must(r.stdout, "import", "-")
		if !slices.Equal(dst.codes(), want) {
			t.Error("codes differ")
		}
	})
	t.Run("aegis plain", func(t *testing.T) {
		if r := src.run("", "export", "--format", "aegis"); r.code != 2 || !strings.Contains(r.stderr, "add --plain") {
			t.Errorf("without --plain: exit %d %q", r.code, r.stderr)
		}
		p := filepath.Join(out, "plain.json")
		r := src.must("", "export", "--format", "aegis", "--plain", "--out", p)
		if !strings.Contains(r.stderr, secretsWarning) || !strings.Contains(r.stderr, "not encrypted") {
			t.Errorf("stderr %q", r.stderr)
		}
		dst := newHarness(t)
		dst.must("", "import", p)
		if !slices.Equal(dst.codes(), want) {
			t.Error("codes differ")
		}
	})
	t.Run("aegis encrypted", func(t *testing.T) {
		p := filepath.Join(out, "vault.json")
		r := src.must("correct horse\n", "export", "--format", "aegis-encrypted", "--password-stdin", "--out", p)
		if !strings.HasPrefix(r.stderr, secretsWarning) || !strings.Contains(r.stderr, "Wrote 7 tokens to "+p) {
			t.Errorf("stderr %q", r.stderr)
		}
		checkPrivate(t, p)
		// Never over an existing file, and asked nothing before refusing.
		before := must(os.ReadFile(p))
		r = src.run("correct horse\n", "export", "--format", "aegis-encrypted", "--password-stdin", "--out", p)
		if r.code != 1 || !strings.Contains(r.stderr, "already exists") {
			t.Errorf("overwrite: exit %d %q", r.code, r.stderr)
		}
		if !bytes.Equal(before, must(os.ReadFile(p))) {
			t.Error("file overwritten")
		}
		dst := newHarness(t)
		dst.must("correct horse\n", "restore", "--password-stdin", p)
		if !slices.Equal(dst.codes(), want) {
			t.Error("codes differ")
		}
	})
	t.Run("google images", func(t *testing.T) {
		dir := filepath.Join(out, "google")
		r := src.must("", "export", "--format", "google", "--out", dir)
		for _, left := range []string{"SPDX (James)", "Airbnb (Elijah)", "Air Canada (Benjamin)", "WWE (Mason)", "Boeing (Sophia)"} {
			if !strings.Contains(r.stderr, "not exported (Google Authenticator cannot take it): "+left+": ") {
				t.Errorf("%s not listed as left out: %q", left, r.stderr)
			}
		}
		png := filepath.Join(dir, "google-authenticator-1-of-1.png")
		checkPrivate(t, png)
		dst := newHarness(t)
		r = dst.must("", "import", png)
		if !strings.HasSuffix(r.stdout, "imported 2\n") {
			t.Errorf("stdout %q", r.stdout)
		}
		if r := src.run("", "export", "--format", "google", "--out", dir); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
			t.Errorf("second export into the same folder: exit %d %q", r.code, r.stderr)
		}
	})
	t.Run("qr images", func(t *testing.T) {
		dir := filepath.Join(out, "qr")
		src.must("", "export", "--format", "qr", "--out", dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
		if len(files) != 7 {
			t.Fatalf("%d images", len(files))
		}
		dst := newHarness(t)
		for _, f := range files {
			checkPrivate(t, f)
			dst.must("", "import", f)
		}
		if !slices.Equal(dst.codes(), want) {
			t.Error("codes differ")
		}
	})
	t.Run("qr on the terminal", func(t *testing.T) {
		r := src.must("", "export", "--format", "qr", "deno", "boeing")
		if !strings.HasPrefix(r.stdout, "Deno (Mason)\n") || !strings.Contains(r.stdout, "\nBoeing (Sophia)\n") || !strings.Contains(r.stdout, "█") {
			t.Errorf("stdout %q", r.stdout)
		}
	})
	t.Run("usage errors", func(t *testing.T) {
		for _, args := range [][]string{
			{"export"},
			{"export", "--format", "pdf"},
			{"export", "--format", "uri", "--plain"},
			{"export", "--format", "uri", "--password-stdin"},
			{"export", "--format", "qr", "--invert", "--out", "x"},
		} {
			if r := src.run("", args...); r.code != 2 {
				t.Errorf("%q: exit %d", args, r.code)
			}
		}
		if r := src.run("", "export", "--format", "uri", "nosuch"); r.code != 1 || !strings.Contains(r.stderr, `no token matches "nosuch"`) {
			t.Errorf("unknown name: exit %d %q", r.code, r.stderr)
		}
	})
}

func checkPrivate(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want 0600", path, fi.Mode().Perm())
	}
}

func TestBackupRestore(t *testing.T) {
	t.Parallel()
	src := newHarness(t)
	src.must("", "import", fixture(t, "reference.uri.txt"))
	src.must("", "rename", "deno", "My bank")
	want := src.codes()
	p := filepath.Join(t.TempDir(), "otptray-backup.json")

	if r := src.run("short\n", "backup", "--password-stdin", "--out", p); r.code != 1 || !strings.Contains(r.stderr, "at least 8 characters") {
		t.Errorf("short password: exit %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(p); err == nil {
		t.Error("a file was written with a refused password")
	}
	src.terminal, src.password = true, "a long passphrase"
	r := src.must("", "backup", "--out", p)
	if r.stdout != "Backed up 7 tokens to "+p+".\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if strings.Count(r.stderr, "Password") != 2 {
		t.Errorf("password not asked twice: %q", r.stderr)
	}
	checkPrivate(t, p)
	if got := src.data().Settings.LastBackup; !got.Equal(time.Unix(fixedUnix, 0)) {
		t.Errorf("LastBackup %v", got)
	}
	if r := src.run("", "backup", "--out", p); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second backup to the same file: exit %d %q", r.code, r.stderr)
	}

	dst := newHarness(t)
	if r := dst.run("wrong password\n", "restore", "--password-stdin", p); r.code != 1 || !strings.Contains(r.stderr, "wrong password") {
		t.Errorf("wrong password: exit %d %q", r.code, r.stderr)
	}
	r = dst.must("a long passphrase\n", "restore", "--password-stdin", p)
	if !strings.HasPrefix(r.stdout, `Imported "My bank".`) || !strings.HasSuffix(r.stdout, "imported 7\n") {
		t.Errorf("stdout %q", r.stdout)
	}
	if !slices.Equal(dst.codes(), want) {
		t.Error("codes differ after restore")
	}
	// Restoring again changes nothing.
	r = dst.must("a long passphrase\n", "restore", "--password-stdin", p)
	if !strings.HasSuffix(r.stdout, "imported 0, skipped 7 duplicates\n") {
		t.Errorf("stdout %q", r.stdout)
	}
}

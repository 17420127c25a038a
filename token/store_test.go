package token

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
)

func newTestStore(t *testing.T) (*Store, *keyringtest.MemKeyring) {
	t.Helper()
	kr := keyringtest.New(ErrNoSecret)
	return Open(filepath.Join(t.TempDir(), "otptray"), kr), kr
}

func mustAdd(t *testing.T, s *Store, tok Token) Token {
	t.Helper()
	if tok.Secret == nil {
		tok.Secret = rfcSeed20
	}
	got, err := s.Add(tok)
	if err != nil {
		t.Fatalf("add %q: %v", tok.Name, err)
	}
	return got
}

func mustLoad(t *testing.T, s *Store) *Data {
	t.Helper()
	d, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func names(d *Data) []string {
	var n []string
	for _, t := range d.Tokens {
		n = append(n, t.Name)
	}
	return n
}

// errID is the message ID of err's *msg.Error, or "" when it has none.
func errID(err error) string {
	var e *msg.Error
	if errors.As(err, &e) {
		return e.ID
	}
	return ""
}

func TestStoreEmpty(t *testing.T) {
	s, _ := newTestStore(t)
	d := mustLoad(t, s)
	if d.Schema != SchemaVersion || len(d.Tokens) != 0 || d.Tokens == nil {
		t.Errorf("empty store loads as %+v", d)
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load created the folder: %v", err)
	}
	if st := s.Stamp(); st.Exists {
		t.Errorf("stamp of a missing file: %+v", st)
	}
	if _, err := d.Pick(""); err == nil || inEnglish(err) != "there are no tokens yet: add one with 'otptray-cli add'" {
		t.Errorf("Pick on empty: %v", err)
	}
}

func TestStoreAddListFind(t *testing.T) {
	s, kr := newTestStore(t)
	bank := mustAdd(t, s, Token{Name: "Bank"})
	bank2 := mustAdd(t, s, Token{Name: "bank", Secret: rfcSeed32})
	gh := mustAdd(t, s, Token{Issuer: "GitHub", Account: "alice"})
	gl := mustAdd(t, s, Token{Name: "GitLab", Kind: HOTP, Counter: 5})
	vip := mustAdd(t, s, Token{Name: "VPN", VIP: &VIP{CredentialID: "SYDC12345678", Model: "SYMC"}, Secret: rfcSeed64})
	blank := mustAdd(t, s, Token{Name: "Odd", VIP: &VIP{}})

	d := mustLoad(t, s)
	if want := []string{"Bank", "bank 2", "GitHub (alice)", "GitLab", "VPN", "Odd"}; !slices.Equal(names(d), want) {
		t.Fatalf("names %q, want %q", names(d), want)
	}
	for _, tok := range d.Tokens {
		if tok.Secret != nil {
			t.Errorf("%s: loaded with a secret", tok.Name)
		}
		if tok.ID == "" || tok.Added.IsZero() {
			t.Errorf("%s: no ID or added time", tok.Name)
		}
	}
	if kr.Len() != 6 {
		t.Errorf("keyring holds %d secrets, want 6", kr.Len())
	}
	for _, c := range []struct {
		tok    Token
		secret []byte
	}{{bank, rfcSeed20}, {bank2, rfcSeed32}, {vip, rfcSeed64}} {
		got, err := s.WithSecret(c.tok)
		if err != nil || !bytes.Equal(got.Secret, c.secret) {
			t.Errorf("%s: secret from the keyring differs (%v)", c.tok.Name, err)
		}
	}

	tests := []struct {
		query string
		id    string // wanted token, or
		err   string // wanted error text
	}{
		{"Bank", bank.ID, ""},
		{"BANK", bank.ID, ""}, // exact beats the prefix of "bank 2"
		{"bank 2", bank2.ID, ""},
		{"  bank 2 ", bank2.ID, ""},
		{"bank ", bank.ID, ""},
		{"bank 3", "", `no token matches "bank 3"`},
		{"gith", gh.ID, ""},
		{"GitHub (alice)", gh.ID, ""},
		{"git", "", `"git" matches several tokens: "GitHub (alice)", "GitLab"`},
		{"b", "", `"b" matches several tokens: "Bank", "bank 2"`},
		{"SYDC12345678", vip.ID, ""},
		{"sydc 1234 5678", vip.ID, ""},
		{"SYDC-1234-5678", vip.ID, ""},
		{"sydc1234", vip.ID, ""},
		{"v", vip.ID, ""},
		{vip.ID, vip.ID, ""},
		{gl.ID, gl.ID, ""},
		{"-", "", `no token matches "-"`}, // must not match the empty credential ID of "Odd"
		{"odd", blank.ID, ""},
		{"", "", `no token matches ""`},
		{"nope", "", `no token matches "nope"`},
	}
	for _, tt := range tests {
		got, err := d.Find(tt.query)
		switch {
		case tt.err != "":
			if err == nil || inEnglish(err) != tt.err {
				t.Errorf("Find(%q): %v, want error %q", tt.query, err, tt.err)
			}
		case err != nil:
			t.Errorf("Find(%q): %v", tt.query, err)
		case got.ID != tt.id:
			t.Errorf("Find(%q) = %s", tt.query, got.Name)
		}
	}
}

func TestStoreDefaultRenameRemove(t *testing.T) {
	s, kr := newTestStore(t)
	a := mustAdd(t, s, Token{Name: "Alpha"})
	if got, err := mustLoad(t, s).Pick(""); err != nil || got.ID != a.ID {
		t.Fatalf("the only token is not the default: %v", err)
	}
	b := mustAdd(t, s, Token{Name: "Beta"})
	c := mustAdd(t, s, Token{Name: "Gamma"})
	d := mustLoad(t, s)
	if got, err := d.Pick(""); err != nil || got.ID != a.ID {
		t.Errorf("Pick with none marked = %v, %v; want the first, Alpha", got, err)
	}
	if got := d.DefaultToken(); got == nil || got.ID != a.ID {
		t.Error("DefaultToken with none marked is not the first")
	}
	if err := s.Update(func(d *Data) error { d.Default = b.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, s).DefaultToken(); got == nil || got.ID != b.ID {
		t.Errorf("default is %v, want Beta", got)
	}
	if got, err := mustLoad(t, s).Pick("gam"); err != nil || got.ID != c.ID {
		t.Errorf("Pick(gam): %v", err)
	}

	renames := []struct{ id, name, err string }{
		{a.ID, "  Work  ", ""},
		{a.ID, "WORK", ""}, // its own name in another case
		{b.ID, "work", `a token named "work" already exists`},
		{b.ID, "   ", "the token has no name"},
		{"0123456789abcdef", "X", "no token has the ID 0123456789abcdef"},
	}
	for _, r := range renames {
		err := s.Update(func(d *Data) error { return d.Rename(r.id, r.name) })
		if (err == nil) != (r.err == "") || (err != nil && inEnglish(err) != r.err) {
			t.Errorf("Rename(%q): %v, want %q", r.name, err, r.err)
		}
	}
	if want := []string{"WORK", "Beta", "Gamma"}; !slices.Equal(names(mustLoad(t, s)), want) {
		t.Errorf("names %q, want %q", names(mustLoad(t, s)), want)
	}

	if err := s.Remove(b.ID); err != nil {
		t.Fatal(err)
	}
	d = mustLoad(t, s)
	if d.Default != "" || len(d.Tokens) != 2 || kr.Len() != 2 {
		t.Errorf("after removing the default: default %q, %d tokens, %d secrets", d.Default, len(d.Tokens), kr.Len())
	}
	if _, err := s.Secret(b); err == nil || inEnglish(err) != `the secret of "Beta" is missing from the system keyring` {
		t.Errorf("secret of a removed token: %v", err)
	}
	if err := s.Remove(b.ID); err == nil || inEnglish(err) != "no token has the ID "+b.ID {
		t.Errorf("second remove: %v", err)
	}
}

func TestUniqueName(t *testing.T) {
	d := &Data{Tokens: []Token{{Name: "Bank"}, {Name: "bank 2"}, {Name: "Bank 4"}, {Name: "Mail"}}}
	for in, want := range map[string]string{"Bank": "Bank 3", "BANK": "BANK 3", "Mail": "Mail 2", "mail 2": "mail 2", "New": "New"} {
		if got := d.UniqueName(in); got != want {
			t.Errorf("UniqueName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStoreAddRejectsBadTokens(t *testing.T) {
	s, kr := newTestStore(t)
	for _, tok := range []Token{{Name: "x"}, {Name: "x", Digits: 9, Secret: rfcSeed20}} {
		if _, err := s.Add(tok); err == nil {
			t.Errorf("added %+v", describe(tok))
		}
	}
	if kr.Len() != 0 {
		t.Errorf("keyring holds %d secrets", kr.Len())
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written for rejected tokens: %v", err)
	}
}

func TestStoreFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix modes; the folder's ACL protects it")
	}
	s, _ := newTestStore(t)
	mustAdd(t, s, Token{Name: "a"})
	mustAdd(t, s, Token{Name: "b"})
	for _, p := range []string{s.Dir, s.Path(), s.BackupPath(), filepath.Join(s.Dir, lockName)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

func TestStoreStampChanges(t *testing.T) {
	s, _ := newTestStore(t)
	mustAdd(t, s, Token{Name: "a"})
	before := s.Stamp()
	mustAdd(t, s, Token{Name: "b"})
	after := s.Stamp()
	if !before.Exists || !after.Exists || before == after {
		t.Errorf("stamp did not change: %+v then %+v", before, after)
	}
	if r := mustLoad(t, s).Revision; r != 2 {
		t.Errorf("revision %d after two saves", r)
	}
}

// Two saves of the same size in the same clock tick still differ.
func TestStoreStampSameSizeSameTime(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows stamps rely on 100 ns modification times")
	}
	s, _ := newTestStore(t)
	set := func(lang string) Stamp {
		t.Helper()
		if err := s.Update(func(d *Data) error { d.Settings.Language = lang; return nil }); err != nil {
			t.Fatal(err)
		}
		return s.Stamp()
	}
	first := set("en")
	second := set("ja") // revision 1 -> 2, "en" -> "ja": same size
	if first.Size != second.Size {
		t.Fatalf("sizes %d and %d: the test needs equal ones", first.Size, second.Size)
	}
	if err := os.Chtimes(s.Path(), first.ModTime, first.ModTime); err != nil {
		t.Fatal(err)
	}
	if again := s.Stamp(); again == first {
		t.Error("a different save of the same size and time has the same stamp")
	}
	if s.Stamp() != s.Stamp() {
		t.Error("stamp of an unchanged file changes")
	}
}

// corruptions are damaged tokens files with the detail the error must give.
var corruptions = []struct {
	name, content, detail string
}{
	{"empty", "", "the file is empty"},
	{"blank", " \n\t\n", "the file is empty"},
	{"truncated", "{\n  \"schema\": 1,\n  \"tokens\": [\n    {\"id\": \"a\", \"name\"", "line 4: unexpected EOF"},
	{"garbage", "{\n  \"schema\": 1,\n  x\n}", "line 3: invalid character 'x' looking for beginning of object key string"},
	{"binary", "\x00\x01\x02", "line 1: invalid character '\\x00' looking for beginning of value"},
	{"wrong type", "{\"schema\": 1,\n\"tokens\": {}}", "line 2: json: cannot unmarshal object into Go struct field Data.tokens of type []token.Token"},
	{"no schema", `{"tokens": []}`, "no schema version: not an otptray tokens file"},
	{"negative schema", `{"schema": -1, "tokens": []}`, "no schema version: not an otptray tokens file"},
	{"extra data", `{"schema": 1} {}`, "extra data after the JSON object"},
	{"missing id", `{"schema": 1, "tokens": [{"name": "a"}]}`, "token 1: missing or repeated id"},
	{"repeated id", `{"schema": 1, "tokens": [{"id": "a", "name": "a"}, {"id": "a", "name": "b"}]}`, "token 2: missing or repeated id"},
	{"bad digits", `{"schema": 1, "tokens": [{"id": "a", "name": "Mail", "digits": 12}]}`, "token 1 (Mail): digits must be between 6 and 8 (5 for Steam), not 12"},
	{"array", `[]`, "line 1: json: cannot unmarshal array into Go value of type token.Data"},
}

// A damaged file is reported with its path, the detail and the backup, and
// is never changed by any operation.
func TestStoreCorruptFilePreserved(t *testing.T) {
	for _, withBackup := range []bool{true, false} {
		for _, c := range corruptions {
			t.Run(fmt.Sprintf("%s/backup=%v", c.name, withBackup), func(t *testing.T) {
				s, kr := newTestStore(t)
				mustAdd(t, s, Token{Name: "a"})
				if withBackup {
					mustAdd(t, s, Token{Name: "b"})
				}
				if err := os.WriteFile(s.Path(), []byte(c.content), 0o600); err != nil {
					t.Fatal(err)
				}
				secrets := kr.Len()
				want := fmt.Sprintf("the tokens file %s is damaged (%s); it was left untouched (there is no backup)", s.Path(), c.detail)
				if withBackup {
					want = fmt.Sprintf("the tokens file %s is damaged (%s); it was left untouched, and the previous version is kept in %s", s.Path(), c.detail, s.BackupPath())
				}
				_, err := s.Load()
				if err == nil || inEnglish(err) != want {
					t.Fatalf("Load error\n  %v\nwant\n  %s", err, want)
				}
				ops := map[string]func() error{
					"update": func() error { return s.Update(func(*Data) error { return nil }) },
					"add":    func() error { _, err := s.Add(Token{Name: "c", Secret: rfcSeed20}); return err },
					"remove": func() error { return s.Remove("a") },
				}
				for name, op := range ops {
					if err := op(); err == nil || inEnglish(err) != want {
						t.Errorf("%s: %v", name, err)
					}
				}
				got, err := os.ReadFile(s.Path())
				if err != nil || !bytes.Equal(got, []byte(c.content)) {
					t.Errorf("the damaged file changed (%v)", err)
				}
				if kr.Len() != secrets {
					t.Errorf("keyring went from %d to %d secrets", secrets, kr.Len())
				}
			})
		}
	}
}

func TestStoreNewerSchemaRefused(t *testing.T) {
	s, _ := newTestStore(t)
	mustAdd(t, s, Token{Name: "a"})
	future := []byte(`{"schema": 2, "revision": 9, "tokens": [], "hologram": true}`)
	if err := os.WriteFile(s.Path(), future, 0o600); err != nil {
		t.Fatal(err)
	}
	want := "the tokens file " + s.Path() + " was written by a newer otptray (schema 2); update otptray"
	if _, err := s.Load(); err == nil || inEnglish(err) != want || errID(err) != "store.schema" {
		t.Fatalf("Load: %v", err)
	}
	if err := s.Update(func(*Data) error { return nil }); err == nil || inEnglish(err) != want {
		t.Errorf("Update: %v", err)
	}
	if got, _ := os.ReadFile(s.Path()); !bytes.Equal(got, future) {
		t.Error("the newer file was changed")
	}
}

func TestStoreUnreadableFile(t *testing.T) {
	s, _ := newTestStore(t)
	if err := os.MkdirAll(s.Path(), 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	_, err := s.Load()
	if errID(err) != "store.read" || !strings.HasPrefix(inEnglish(err), "cannot read the tokens file "+s.Path()+": ") {
		t.Errorf("Load: %v", err)
	}
}

// Every previous version is kept, newest first, up to BackupVersions.
func TestStoreRotation(t *testing.T) {
	s, _ := newTestStore(t)
	const saves = 8
	for i := 1; i <= saves; i++ {
		mustAdd(t, s, Token{Name: fmt.Sprintf("t%d", i)})
		for n := 1; n <= BackupVersions; n++ {
			raw, err := os.ReadFile(s.versionPath(n))
			if n >= i {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("after save %d: version %d exists (%v)", i, n, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("after save %d: %v", i, err)
			}
			d, err := decode(raw)
			if err != nil {
				t.Fatalf("version %d: %v", n, err)
			}
			if d.Revision != uint64(i-n) || len(d.Tokens) != i-n {
				t.Errorf("after save %d: version %d holds revision %d with %d tokens", i, n, d.Revision, len(d.Tokens))
			}
		}
	}
	if _, err := os.Stat(s.versionPath(BackupVersions + 1)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a sixth version is kept: %v", err)
	}
	if got := s.Backups(); len(got) != BackupVersions || got[0] != s.BackupPath() || got[4] != filepath.Join(s.Dir, "tokens.json.5") {
		t.Errorf("Backups() = %q", got)
	}
	if s.BackupPath() != filepath.Join(s.Dir, "tokens.json.1") {
		t.Errorf("BackupPath() = %s", s.BackupPath())
	}

	// With the newest version gone, a damaged file points at the next one.
	if err := os.Remove(s.BackupPath()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Path(), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load()
	if want := s.versionPath(2); err == nil || !strings.HasSuffix(inEnglish(err), "the previous version is kept in "+want) {
		t.Errorf("Load: %v", err)
	}

	// A gap in the versions (a writer killed mid-rotation) heals on the next save.
	good, err := os.ReadFile(s.versionPath(2))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Path(), good, 0o600); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, Token{Name: "after gap"})
	if raw, err := os.ReadFile(s.BackupPath()); err != nil || !bytes.Equal(raw, good) {
		t.Errorf("newest version is not the file before the save (%v)", err)
	}
}

// No secret, in any encoding, reaches any file in the data folder.
func TestStoreSecretsNotOnDisk(t *testing.T) {
	s, kr := newTestStore(t)
	secrets := [][]byte{rfcSeed20, rfcSeed64, []byte("\x9a\x13\xcd\x32\x21\xad\xbd\x97\x52\xfc\x45\x45\xb6\x92\x65\xb4\x14\xb0\xfe\x6d")}
	var ids []string
	for i, sec := range secrets {
		tok := mustAdd(t, s, Token{Issuer: "Issuer", Account: fmt.Sprint("acct", i), Secret: sec, VIP: &VIP{CredentialID: fmt.Sprintf("SYMC%08d", i)}})
		ids = append(ids, tok.ID)
	}
	// More saves, so that every rotated version exists too.
	for i, id := range ids {
		if err := s.Update(func(d *Data) error { return d.Rename(id, fmt.Sprint("renamed ", i)) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Update(func(d *Data) error { d.Settings.ClockOffset = -1.5; d.Default = ids[0]; return nil }); err != nil {
		t.Fatal(err)
	}
	if kr.Len() != len(secrets) {
		t.Fatalf("keyring holds %d secrets", kr.Len())
	}
	var forms [][]byte
	for _, sec := range secrets {
		b32 := base32.StdEncoding.EncodeToString(sec)
		for _, f := range []string{
			string(sec), b32, strings.ToLower(b32), strings.TrimRight(b32, "="),
			strings.ToLower(strings.TrimRight(b32, "=")), hex.EncodeToString(sec), strings.ToUpper(hex.EncodeToString(sec)),
			base64.StdEncoding.EncodeToString(sec), base64.RawURLEncoding.EncodeToString(sec),
		} {
			forms = append(forms, []byte(f))
		}
	}
	files := 0
	err := filepath.WalkDir(s.Dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		files++
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, f := range forms {
			if bytes.Contains(raw, f) {
				t.Errorf("%s holds secret %d in encoding %d", filepath.Base(path), i/9, i%9)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// tokens.json, five versions and the lock file.
	if files != 2+BackupVersions {
		t.Errorf("searched %d files, want %d", files, 2+BackupVersions)
	}
}

var errKeyringDown = errors.New("the Secret Service is locked")

// A keyring that refuses leaves no token in the file.
func TestStoreKeyringFailure(t *testing.T) {
	s, kr := newTestStore(t)
	mustAdd(t, s, Token{Name: "kept"})
	before, _ := os.ReadFile(s.Path())
	kr.Fail = errKeyringDown
	_, err := s.Add(Token{Name: "new", Secret: rfcSeed32})
	if !errors.Is(err, errKeyringDown) {
		t.Fatalf("Add: %v", err)
	}
	if after, _ := os.ReadFile(s.Path()); !bytes.Equal(before, after) {
		t.Error("the file changed although the secret was not stored")
	}
	d := mustLoad(t, s)
	if !slices.Equal(names(d), []string{"kept"}) {
		t.Errorf("tokens %q", names(d))
	}
	if _, err := s.Secret(d.Tokens[0]); !errors.Is(err, errKeyringDown) {
		t.Errorf("Secret: %v", err)
	}
	// Remove keeps the file change (the token is gone) and reports the keyring.
	if err := s.Remove(d.Tokens[0].ID); !errors.Is(err, errKeyringDown) {
		t.Errorf("Remove: %v", err)
	}
	kr.Fail = nil
}

// A save that fails takes the secret back out of the keyring.
func TestStoreAddRollsBackKeyring(t *testing.T) {
	t.Run("write fails", func(t *testing.T) {
		s, kr := newTestStore(t)
		mustAdd(t, s, Token{Name: "kept"})
		before, _ := os.ReadFile(s.Path())
		diskFull := errors.New("no space left on device")
		writeFile = func(path string, data []byte) error {
			if path == s.Path() {
				return diskFull
			}
			return writeAtomic(path, data)
		}
		defer func() { writeFile = writeAtomic }()
		_, err := s.Add(Token{Name: "new", Secret: rfcSeed32})
		if !errors.Is(err, diskFull) || inEnglish(err) != "cannot save the tokens file "+s.Path()+": no space left on device" {
			t.Fatalf("Add: %v", err)
		}
		if kr.Len() != 1 {
			t.Errorf("keyring holds %d secrets, want 1 (an orphan was left)", kr.Len())
		}
		if after, _ := os.ReadFile(s.Path()); !bytes.Equal(before, after) {
			t.Error("the file changed")
		}
	})
	t.Run("backup fails", func(t *testing.T) {
		s, kr := newTestStore(t)
		mustAdd(t, s, Token{Name: "kept"})
		writeFile = func(path string, data []byte) error {
			if path == s.BackupPath() {
				return errors.New("read-only file system")
			}
			return writeAtomic(path, data)
		}
		defer func() { writeFile = writeAtomic }()
		if _, err := s.Add(Token{Name: "new", Secret: rfcSeed32}); errID(err) != "store.write" {
			t.Fatalf("Add: %v", err)
		}
		if kr.Len() != 1 || len(mustLoad(t, s).Tokens) != 1 {
			t.Errorf("after a failed backup: %d secrets, %d tokens", kr.Len(), len(mustLoad(t, s).Tokens))
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("a read-only attribute on a Windows folder does not stop writes")
		}
		s, kr := newTestStore(t)
		mustAdd(t, s, Token{Name: "kept"})
		if err := os.Chmod(s.Dir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(s.Dir, 0o700)
		if f, err := os.CreateTemp(s.Dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("this user (root?) writes into read-only folders; the 'write fails' case covers it")
		}
		if _, err := s.Add(Token{Name: "new", Secret: rfcSeed32}); errID(err) != "store.write" {
			t.Fatalf("Add: %v", err)
		}
		if kr.Len() != 1 {
			t.Errorf("keyring holds %d secrets, want 1", kr.Len())
		}
	})
	t.Run("locked", func(t *testing.T) {
		s, kr := newTestStore(t)
		mustAdd(t, s, Token{Name: "kept"})
		release := holdLock(t, s.Dir)
		defer release()
		other := Open(s.Dir, kr)
		other.LockWait = 50 * time.Millisecond
		if _, err := other.Add(Token{Name: "new", Secret: rfcSeed32}); errID(err) != "store.locked" {
			t.Fatalf("Add: %v", err)
		}
		if kr.Len() != 1 {
			t.Errorf("keyring holds %d secrets, want 1", kr.Len())
		}
	})
}

// holdLock runs an Update on dir that stays inside its function until
// release is called, so the lock is held meanwhile.
func holdLock(t *testing.T, dir string) (release func()) {
	t.Helper()
	inside, leave, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- Open(dir, keyringtest.New(ErrNoSecret)).Update(func(d *Data) error {
			close(inside)
			<-leave
			d.Tokens = append(d.Tokens, Token{ID: NewID(), Name: "holder", Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30})
			return nil
		})
	}()
	select {
	case <-inside:
	case err := <-done:
		t.Fatalf("holder could not lock: %v", err)
	}
	var once bool
	return func() {
		if once {
			return
		}
		once = true
		close(leave)
		if err := <-done; err != nil {
			t.Errorf("holder: %v", err)
		}
	}
}

// Two Store values (as in two processes) on one folder: the second waits
// for the first, then sees its change; with a short wait it fails clearly.
func TestStoreLockContention(t *testing.T) {
	s, _ := newTestStore(t)
	mustAdd(t, s, Token{Name: "first"})
	release := holdLock(t, s.Dir)
	defer release()

	impatient := Open(s.Dir, keyringtest.New(ErrNoSecret))
	impatient.LockWait = 100 * time.Millisecond
	err := impatient.Update(func(*Data) error { t.Error("ran without the lock"); return nil })
	want := "another otptray process is changing the tokens (lock " + filepath.Join(s.Dir, "tokens.lock") + "); try again in a moment"
	if err == nil || inEnglish(err) != want {
		t.Fatalf("impatient Update: %v\nwant %s", err, want)
	}

	patient := Open(s.Dir, keyringtest.New(ErrNoSecret))
	patient.LockWait = time.Minute
	ran := make(chan []string, 1)
	done := make(chan error, 1)
	go func() {
		done <- patient.Update(func(d *Data) error { ran <- names(d); return nil })
	}()
	time.Sleep(50 * time.Millisecond) // give it the chance to misbehave
	select {
	case <-ran:
		t.Fatal("the waiting writer ran while the lock was held")
	default:
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := <-ran; !slices.Equal(got, []string{"first", "holder"}) {
		t.Errorf("waiting writer saw %q, want the holder's change", got)
	}
}

// When the keyring refuses the delete, the token is still gone from the list
// and the error says the secret was left behind, so the user can clean up.
func TestRemoveSecretLeft(t *testing.T) {
	kr := keyringtest.New(ErrNoSecret)
	s := Open(t.TempDir(), kr)
	tok, err := s.Add(Token{Name: "Bank", Secret: []byte("12345678901234567890")})
	if err != nil {
		t.Fatal(err)
	}
	kr.Fail = errors.New("keyring locked")
	err = s.Remove(tok.ID)
	var te *msg.Error
	if !errors.As(err, &te) || te.ID != "store.secret_left" {
		t.Fatalf("Remove with a failing keyring: %v", err)
	}
	d, err := s.Load()
	if err != nil || len(d.Tokens) != 0 {
		t.Fatalf("token still listed: %v %v", d, err)
	}
}

// A save sweeps the temp files that dead writers left, of this version and
// of earlier ones, and nothing else.
func TestUpdateRemovesStaleTemps(t *testing.T) {
	s, _ := newTestStore(t)
	mustAdd(t, s, Token{Name: "a"})
	stale := []string{".tokens-123", ".tokens.json.tmp-456", ".tokens.json.1.tmp-789"}
	for _, name := range append(stale, ".other.tmp-1") {
		if err := os.WriteFile(filepath.Join(s.Dir, name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Update(func(*Data) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(s.Dir, name)); err == nil {
			t.Errorf("%s was left", name)
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir, ".other.tmp-1")); err != nil {
		t.Errorf("another file's temp was removed: %v", err)
	}
}

// AddAll adds in one save, with names unique among the new tokens too, and
// adds nothing when a secret cannot be stored.
func TestStoreAddAll(t *testing.T) {
	s, kr := newTestStore(t)
	mustAdd(t, s, Token{Name: "Work"})
	rev := mustLoad(t, s).Revision
	added, err := s.AddAll([]Token{{Name: "work", Secret: rfcSeed32}, {Name: "Work", Secret: rfcSeed32}})
	if err != nil {
		t.Fatal(err)
	}
	d := mustLoad(t, s)
	if d.Revision != rev+1 {
		t.Errorf("revision %d after AddAll, want %d (one save)", d.Revision, rev+1)
	}
	var names []string
	for _, tok := range d.Tokens {
		names = append(names, tok.Name)
	}
	if fmt.Sprint(names) != "[Work work 2 Work 3]" || len(added) != 2 || added[1].Name != "Work 3" {
		t.Errorf("names %q, added %+v", names, added)
	}
	if kr.Len() != 3 {
		t.Errorf("keyring holds %d secrets, want 3", kr.Len())
	}

	failing := keyringtest.New(ErrNoSecret)
	failing.FailSetAfter(1, errKeyringDown)
	s2 := Open(t.TempDir(), failing)
	if _, err := s2.AddAll([]Token{{Name: "a", Secret: rfcSeed32}, {Name: "b", Secret: rfcSeed32}}); err == nil {
		t.Fatal("AddAll with a failing keyring succeeded")
	}
	if failing.Len() != 0 {
		t.Errorf("%d secrets left behind", failing.Len())
	}
	if _, err := os.Stat(s2.Path()); err == nil {
		t.Error("the tokens file was written")
	}
}

// Remove makes the further changes it is given in the same write, and a
// failing one removes nothing.
func TestRemoveAlso(t *testing.T) {
	kr := keyringtest.New(ErrNoSecret)
	s := Open(t.TempDir(), kr)
	tok, err := s.Add(Token{Name: "Bank", Secret: []byte("12345678901234567890")})
	if err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("refused")
	if err := s.Remove(tok.ID, func(*Data) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("Remove with a failing change: %v", err)
	}
	if d, _ := s.Load(); len(d.Tokens) != 1 {
		t.Fatalf("the token went despite the failing change: %+v", d.Tokens)
	}
	forget := func(d *Data) error {
		d.Settings.Other = map[string]json.RawMessage{"seen": json.RawMessage(strconv.Itoa(len(d.Tokens)))}
		return nil
	}
	if err := s.Remove(tok.ID, forget); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Load()
	if len(d.Tokens) != 0 || string(d.Settings.Other["seen"]) != "0" {
		t.Errorf("after Remove: tokens %+v, settings %v", d.Tokens, d.Settings.Other)
	}
}

func TestDataMove(t *testing.T) {
	d := &Data{Tokens: []Token{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	order := func() string {
		s := ""
		for _, t := range d.Tokens {
			s += t.ID
		}
		return s
	}
	for _, step := range []struct {
		id   string
		by   int
		want string
	}{
		{"c", -1, "acb"}, {"c", -1, "cab"}, {"c", -1, "cab"}, // stops at the top
		{"a", 1, "cba"}, {"a", 5, "cba"}, {"b", -9, "bca"},
	} {
		if err := d.Move(step.id, step.by); err != nil {
			t.Fatal(err)
		}
		if got := order(); got != step.want {
			t.Errorf("Move(%s, %d): %s, want %s", step.id, step.by, got, step.want)
		}
	}
	if err := d.Move("zzz", 1); err == nil {
		t.Error("Move of an unknown ID: no error")
	}
}

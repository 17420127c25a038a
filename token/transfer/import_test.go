package transfer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/token"
)

// TestPlanCounts: duplicates (against the store and within the file) and
// unsupported entries are counted exactly, and the summary says so.
func TestPlanCounts(t *testing.T) {
	ref := reference()
	res, err := Decode(readFixture(t, "aegis-plain.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The same file again inside the input: every token twice.
	res.Tokens = append(res.Tokens, res.Tokens...)
	existing := []token.Token{ref[0], ref[4]}
	// Same secret but another account is not a duplicate.
	other := ref[1]
	other.Account = "someone else"
	existing = append(existing, other)
	// Issuer and account compare without case and surrounding space.
	upper := ref[2]
	upper.Issuer = " AIRBNB "
	existing = append(existing, upper)

	p := NewPlan(res, existing)
	wantNew := []token.Token{ref[1], ref[3], ref[5], ref[6]}
	checkTokens(t, p.New, wantNew)
	if len(p.Duplicates) != 3+7 {
		t.Errorf("%d duplicates, want 10", len(p.Duplicates))
	}
	if len(p.Skipped) != 2 {
		t.Errorf("%d skipped, want 2", len(p.Skipped))
	}
	want := "transfer.summary.imported Count=4, transfer.summary.duplicates Count=10, transfer.summary.unsupported Count=2 Reasons=" +
		"transfer.summary.reason Name=Yandex (ivan) Reason=yandex tokens are not supported; " +
		"transfer.summary.reason Name=OldBank (pat) Reason=motp tokens are not supported"
	got := p.Summary(sepCatalogue{}, false)
	if got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	dry := p.Summary(sepCatalogue{}, true)
	if !bytes.HasPrefix([]byte(dry), []byte("transfer.summary.would_import Count=4")) {
		t.Errorf("dry-run summary %q", dry)
	}
	// Nothing new, nothing skipped: the summary is the count alone.
	empty := NewPlan(&Result{Tokens: ref[:1]}, ref[:1])
	if got := empty.Summary(sepCatalogue{}, false); got != "transfer.summary.imported Count=0, transfer.summary.duplicates Count=1" {
		t.Errorf("summary %q", got)
	}
}

// sepCatalogue is english{} with the separators the English catalogue has.
type sepCatalogue struct{ english }

func (c sepCatalogue) T(id string, kv ...any) string {
	switch id {
	case "transfer.summary.sep":
		return ", "
	case "transfer.summary.reason_sep":
		return "; "
	}
	return c.english.T(id, kv...)
}

// TestApply: new tokens land in the store with their secrets in the keyring,
// names made unique; a keyring failure adds nothing and leaves no secret.
func TestApply(t *testing.T) {
	ref := reference()
	kr := keyringtest.New(token.ErrNoSecret)
	s := token.Open(t.TempDir(), kr)
	first, err := s.Add(token.Token{Name: "Deno (Mason)", Issuer: "Other", Secret: []byte("another secret!!"), Kind: token.TOTP})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)
	p := NewPlan(&Result{Format: FormatURI, Tokens: ref}, []token.Token{first})
	added, err := p.Apply(s, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != len(ref) {
		t.Fatalf("added %d", len(added))
	}
	d, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tokens) != 1+len(ref) {
		t.Fatalf("store has %d tokens", len(d.Tokens))
	}
	if d.Tokens[1].Name != "Deno (Mason) 2" {
		t.Errorf("name clash not resolved: %q", d.Tokens[1].Name)
	}
	for i, tok := range d.Tokens[1:] {
		full, err := s.WithSecret(tok)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameToken(full, ref[i]); diff != "" {
			t.Errorf("%s: %s", ref[i].Issuer, diff)
		}
		if !tok.Added.Equal(now.Truncate(time.Second)) {
			t.Errorf("added %v", tok.Added)
		}
	}

	// A keyring that fails half-way: nothing added, no stray secret.
	kr2 := keyringtest.New(token.ErrNoSecret)
	kr2.FailSetAfter(3, errors.New("keyring locked"))
	s2 := token.Open(t.TempDir(), kr2)
	if _, err := NewPlan(&Result{Tokens: ref}, nil).Apply(s2, now); err == nil {
		t.Fatal("no error from a failing keyring")
	}
	if kr2.Len() != 0 {
		t.Errorf("%d secrets left behind", kr2.Len())
	}
	if _, err := os.Stat(s2.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("tokens file written: %v", err)
	}
}

// TestWriteNew: exports are created 0600 and never overwrite.
func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.txt")
	if err := WriteNew(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	err = WriteNew(p, []byte("two"))
	if err == nil || inEnglish(err) != p+" already exists; exports never overwrite a file: choose another name" {
		t.Errorf("overwrite: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Errorf("file changed to %q", b)
	}
	if err := CheckNew(filepath.Join(dir, "new"), p); err == nil {
		t.Error("CheckNew passed an existing file")
	}
	if err := CheckNew(filepath.Join(dir, "new")); err != nil {
		t.Error(err)
	}
	// A symlink is refused too, even one pointing nowhere.
	if runtime.GOOS != "windows" {
		l := filepath.Join(dir, "link")
		if err := os.Symlink(filepath.Join(dir, "nowhere"), l); err != nil {
			t.Fatal(err)
		}
		if err := WriteNew(l, []byte("x")); err == nil {
			t.Error("wrote through a dangling symlink")
		}
	}
}

func TestUniquePaths(t *testing.T) {
	got := UniquePaths("d", []string{"Deno (Mason)", "deno (mason)", "../../etc/passwd", "", "Ａ／Ｂ", "con", "Com1", "console"})
	want := []string{
		filepath.Join("d", "Deno_(Mason).png"),
		filepath.Join("d", "deno_(mason)-2.png"),
		filepath.Join("d", "etc_passwd.png"),
		filepath.Join("d", "token.png"),
		filepath.Join("d", "Ａ_Ｂ.png"),
		filepath.Join("d", "_con.png"),
		filepath.Join("d", "_Com1.png"),
		filepath.Join("d", "console.png"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestBackupPassword(t *testing.T) {
	for pw, ok := range map[string]bool{"": false, "1234567": false, "12345678": true, "パスワード長い文字": true, "パスワード": false} {
		if err := CheckBackupPassword([]byte(pw)); (err == nil) != ok {
			t.Errorf("%q: %v", pw, err)
		}
	}
}

// TestImportDryRun: Import with dryRun names the tokens as they would be
// stored and writes nothing; without, it adds them.
func TestImportDryRun(t *testing.T) {
	ref := reference()
	kr := keyringtest.New(token.ErrNoSecret)
	s := token.Open(t.TempDir(), kr)
	if _, err := s.Add(ref[0]); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{Tokens: []token.Token{ref[0], ref[1], ref[1]}}
	clash := ref[2]
	clash.Name = "Deno (Mason)"
	res.Tokens = append(res.Tokens, clash)
	p, added, err := Import(s, res, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range added {
		names = append(names, a.Name)
	}
	if want := []string{"SPDX (James)", "Deno (Mason) 2"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if len(p.Duplicates) != 2 {
		t.Errorf("%d duplicates", len(p.Duplicates))
	}
	after, _ := os.ReadFile(s.Path())
	if !bytes.Equal(before, after) || kr.Len() != 1 {
		t.Error("dry run changed the store")
	}
	if _, added, err = Import(s, res, time.Now(), false); err != nil || len(added) != 2 || kr.Len() != 3 {
		t.Errorf("import: %d added, %d secrets, %v", len(added), kr.Len(), err)
	}
}

// A token added from a bare secret has only a name; its exported URI labels it
// by that name, and importing that URI again must find the duplicate.
func TestSameNameOnlyToken(t *testing.T) {
	stored := token.Token{Name: "Bank", Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: []byte("12345678901234567890")}
	back, err := token.ParseURI(stored.URI())
	if err != nil {
		t.Fatal(err)
	}
	if !Same(stored, back) {
		t.Error("a name-only token is not recognised after a URI round trip")
	}
	other := back
	other.Secret = []byte("abcdefghijabcdefghij")
	if Same(stored, other) {
		t.Error("different secrets compare the same")
	}
}

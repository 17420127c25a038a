package follow

import (
	"bytes"
	"encoding/base32"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// entry is one entry of a test backup.
type entry struct {
	UUID, Issuer, Account, Secret string
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func secret(s string) string { return b32.EncodeToString([]byte(s)) }

// aegisPlain is a plain Aegis vault holding entries, as the app writes it.
func aegisPlain(t *testing.T, entries ...entry) []byte {
	t.Helper()
	type info struct {
		Secret string `json:"secret"`
		Algo   string `json:"algo"`
		Digits int    `json:"digits"`
		Period int    `json:"period"`
	}
	type ent struct {
		Type   string `json:"type"`
		UUID   string `json:"uuid"`
		Name   string `json:"name"`
		Issuer string `json:"issuer"`
		Info   info   `json:"info"`
	}
	es := []ent{}
	for _, e := range entries {
		es = append(es, ent{Type: "totp", UUID: e.UUID, Name: e.Account, Issuer: e.Issuer, Info: info{Secret: e.Secret, Algo: "SHA1", Digits: 6, Period: 30}})
	}
	b, err := json.MarshalIndent(map[string]any{
		"version": 1,
		"header":  map[string]any{"slots": nil, "params": nil},
		"db":      map[string]any{"version": 3, "entries": es},
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replace writes data to path as sync clients do: a temp file renamed over it.
func replace(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".part"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

type fixture struct {
	store *token.Store
	kr    *keyringtest.MemKeyring
	path  string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	kr := keyringtest.New(token.ErrNoSecret)
	dir := t.TempDir()
	return &fixture{store: token.Open(filepath.Join(dir, "data"), kr), kr: kr, path: filepath.Join(dir, "sync", "aegis-backup.json")}
}

// sync reads the file and applies it, as the programs do.
func (f *fixture) sync(t *testing.T) Report {
	t.Helper()
	res, err := Read(f.store, f.path)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	r, err := Apply(f.store, f.path, res, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return r
}

func (f *fixture) data(t *testing.T) *token.Data {
	t.Helper()
	d, err := f.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// byName is the stored token named name with its secret.
func (f *fixture) byName(t *testing.T, name string) token.Token {
	t.Helper()
	d := f.data(t)
	tk, err := d.Find(name)
	if err != nil {
		t.Fatalf("find %q: %v (have %v)", name, err, names(d))
	}
	w, err := f.store.WithSecret(*tk)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func names(d *token.Data) []string {
	var n []string
	for _, t := range d.Tokens {
		n = append(n, t.Name)
	}
	return n
}

func TestFollowAegisBackup(t *testing.T) {
	f := newFixture(t)
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		t.Fatal(err)
	}
	gh := entry{"0b7c-1", "GitHub", "alice", secret("github-secret-1")}
	gg := entry{"0b7c-2", "Google", "bob@example.com", secret("google-secret-1")}
	replace(t, f.path, aegisPlain(t, gh, gg))
	if err := Start(f.store, f.path); err != nil {
		t.Fatal(err)
	}
	if r := f.sync(t); len(r.Added) != 2 || r.Changed() && (r.Renamed+r.Updated+r.NewGone) != 0 {
		t.Fatalf("first sync: %+v", r)
	}
	ghTok := f.byName(t, "GitHub (alice)")
	if ghTok.Origin == nil || ghTok.Origin.File != f.path || ghTok.Origin.Key != "id:0b7c-1" {
		t.Fatalf("origin of a followed token: %+v", ghTok.Origin)
	}
	rev := f.data(t).Revision
	if r := f.sync(t); r.Changed() {
		t.Fatalf("an unchanged file changed something: %+v", r)
	}
	if got := f.data(t).Revision; got != rev {
		t.Fatalf("a read that changed nothing saved the tokens file (revision %d -> %d)", rev, got)
	}

	// Add an entry.
	ms := entry{"0b7c-3", "Microsoft", "carol", secret("microsoft-secret")}
	replace(t, f.path, aegisPlain(t, gh, gg, ms))
	if r := f.sync(t); len(r.Added) != 1 || r.Added[0] != "Microsoft (carol)" {
		t.Fatalf("add: %+v", r)
	}
	if n := len(f.data(t).Tokens); n != 3 {
		t.Fatalf("after add: %d tokens", n)
	}

	// Rename one on the phone: same uuid, new issuer.
	gh.Issuer = "GitHub Enterprise"
	replace(t, f.path, aegisPlain(t, gh, gg, ms))
	if r := f.sync(t); r.Renamed != 1 || len(r.Added) != 0 {
		t.Fatalf("rename: %+v", r)
	}
	renamed := f.byName(t, "GitHub Enterprise (alice)")
	if renamed.ID != ghTok.ID || renamed.Issuer != "GitHub Enterprise" {
		t.Fatalf("rename made another token: %+v, was %s", renamed, ghTok.ID)
	}

	// Change a secret.
	ggTok := f.byName(t, "Google (bob@example.com)")
	gg.Secret = secret("google-secret-2")
	replace(t, f.path, aegisPlain(t, gh, gg, ms))
	if r := f.sync(t); r.Updated != 1 || r.Renamed != 0 {
		t.Fatalf("secret change: %+v", r)
	}
	now := f.byName(t, "Google (bob@example.com)")
	if now.ID != ggTok.ID || string(now.Secret) != "google-secret-2" {
		t.Fatalf("secret not updated: id %s (was %s)", now.ID, ggTok.ID)
	}

	// Remove one: only marked.
	replace(t, f.path, aegisPlain(t, gh, gg))
	if r := f.sync(t); r.NewGone != 1 || r.Gone != 1 {
		t.Fatalf("remove: %+v", r)
	}
	gone := f.byName(t, "Microsoft (carol)")
	if !gone.Origin.Gone {
		t.Fatalf("a removed entry is not marked gone: %+v", gone.Origin)
	}
	if r := f.sync(t); r.NewGone != 0 || r.Gone != 1 || r.Changed() {
		t.Fatalf("a second read counts the gone token again: %+v", r)
	}

	// A half-written file changes nothing.
	before := f.data(t)
	whole := aegisPlain(t, gh, gg, entry{"0b7c-4", "Dropbox", "dave", secret("dropbox-secret")})
	replace(t, f.path, whole[:len(whole)/2])
	if _, err := Read(f.store, f.path); err == nil {
		t.Fatal("a half file reads")
	}
	if after := f.data(t); after.Revision != before.Revision {
		t.Fatalf("a half file wrote the store: revision %d -> %d", before.Revision, after.Revision)
	}
	replace(t, f.path, whole)
	if r := f.sync(t); len(r.Added) != 1 || r.Gone != 1 {
		t.Fatalf("the whole file after the half: %+v", r)
	}

	// Prune removes the gone token and its secret, and only it.
	removed, err := Prune(f.store, nil)
	if err != nil || len(removed) != 1 || removed[0].ID != gone.ID {
		t.Fatalf("prune: %v %+v", err, removed)
	}
	if _, err := f.kr.Get(gone.ID); !errors.Is(err, token.ErrNoSecret) {
		t.Fatalf("the pruned token's secret stays: %v", err)
	}
	if got := names(f.data(t)); len(got) != 3 {
		t.Fatalf("after prune: %v", got)
	}

	// Stop: the tokens stay, as ordinary ones.
	n, err := Stop(f.store)
	if err != nil || n != 3 {
		t.Fatalf("stop: %d %v", n, err)
	}
	d := f.data(t)
	if d.Settings.Follow != nil || len(d.Tokens) != 3 || d.Tokens[0].Origin != nil {
		t.Fatalf("after stop: %+v", d)
	}
	// A read that was under way when the user stopped changes nothing.
	res, err := Read(f.store, f.path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(f.store, f.path, res, time.Now()); !errors.Is(err, ErrNotFollowed) {
		t.Fatalf("apply after stop: %v", err)
	}
}

func TestFollowEncryptedAegis(t *testing.T) {
	f := newFixture(t)
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		t.Fatal(err)
	}
	toks := []token.Token{
		{Issuer: "GitHub", Account: "alice", Secret: []byte("github-secret-1")},
		{Issuer: "Google", Account: "bob", Secret: []byte("google-secret-1")},
	}
	for i := range toks {
		if err := toks[i].Validate(); err != nil {
			t.Fatal(err)
		}
	}
	write := func() {
		b, err := transfer.EncodeAegis(toks, []byte("test"))
		if err != nil {
			t.Fatal(err)
		}
		replace(t, f.path, b)
	}
	write()
	if err := Start(f.store, f.path); err != nil {
		t.Fatal(err)
	}
	_, err := Read(f.store, f.path)
	var me *msg.Error
	if !errors.As(err, &me) || me.ID != "follow.no_password" {
		t.Fatalf("an encrypted file without a kept password: %v", err)
	}
	if err := KeepPassword(f.store, []byte("test")); err != nil {
		t.Fatal(err)
	}
	entry := f.data(t).Settings.Follow.PasswordEntry
	if pw, err := f.kr.Get(entry); entry == "" || err != nil || string(pw) != "test" {
		t.Fatalf("password not in the keyring: %v", err)
	}
	raw, _ := os.ReadFile(f.store.Path())
	if bytes.Contains(raw, []byte(`"test"`)) {
		t.Fatal("the password is in the tokens file")
	}
	if r := f.sync(t); len(r.Added) != 2 {
		t.Fatalf("encrypted first sync: %+v", r)
	}
	// Each export of this writer gives new uuids; the secrets still find
	// the tokens, and a changed account is an update, not a new token.
	toks[1].Account = "bob@example.com"
	toks[1].Name = ""
	if err := toks[1].Validate(); err != nil {
		t.Fatal(err)
	}
	write()
	r := f.sync(t)
	if len(r.Added) != 0 || r.Renamed != 1 || r.NewGone != 0 {
		t.Fatalf("encrypted rename: %+v", r)
	}
	f.byName(t, "Google (bob@example.com)")
	if _, err := Stop(f.store); err != nil {
		t.Fatal(err)
	}
	if _, err := f.kr.Get(entry); !errors.Is(err, token.ErrNoSecret) {
		t.Fatalf("stop keeps the password: %v", err)
	}
}

// twoFAS is a plain 2FAS backup (no entry IDs) of services name -> account.
func twoFAS(t *testing.T, services ...[3]string) []byte {
	t.Helper()
	var ss []map[string]any
	for _, s := range services {
		ss = append(ss, map[string]any{"name": s[0], "secret": s[2],
			"otp": map[string]any{"account": s[1], "digits": 6, "period": 30, "algorithm": "SHA1", "tokenType": "TOTP"}})
	}
	b, err := json.Marshal(map[string]any{"services": ss, "schemaVersion": 4, "groups": []any{}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A 2FAS backup has no entry IDs: a rename on the phone finds the token by
// its secret, a secret changed finds it by issuer and account.
func TestFollowTwoFAS(t *testing.T) {
	f := newFixture(t)
	f.path = filepath.Join(filepath.Dir(f.path), "2fas-backup.2fas")
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		t.Fatal(err)
	}
	replace(t, f.path, twoFAS(t, [3]string{"GitHub", "alice", secret("github-1")}, [3]string{"Google", "bob", secret("google-1")}))
	if err := Start(f.store, f.path); err != nil {
		t.Fatal(err)
	}
	if r := f.sync(t); len(r.Added) != 2 {
		t.Fatalf("first: %+v", r)
	}
	gh, gg := f.byName(t, "GitHub (alice)"), f.byName(t, "Google (bob)")
	replace(t, f.path, twoFAS(t, [3]string{"GitHub", "alice@work", secret("github-1")}, [3]string{"Google", "bob", secret("google-2")}))
	if r := f.sync(t); len(r.Added) != 0 || r.Renamed != 1 || r.Updated != 2 || r.NewGone != 0 {
		t.Fatalf("rename and secret change: %+v", r)
	}
	if got := f.byName(t, "GitHub (alice@work)"); got.ID != gh.ID {
		t.Fatal("the renamed entry became another token")
	}
	if got := f.byName(t, "Google (bob)"); got.ID != gg.ID || string(got.Secret) != "google-2" {
		t.Fatalf("the changed secret: id %s (was %s)", got.ID, gg.ID)
	}
}

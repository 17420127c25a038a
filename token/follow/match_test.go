package follow

import (
	"slices"
	"testing"

	"github.com/otptray/otptray/token"
)

func TestKeys(t *testing.T) {
	tests := []struct {
		name    string
		entries []token.Token
		want    []string
	}{
		{"uuid first", []token.Token{{SourceID: " u1 ", Issuer: "GitHub", Account: "alice"}}, []string{"id:u1"}},
		{"issuer and account, case ignored", []token.Token{{Issuer: " GitHub", Account: "Alice"}}, []string{"name:github\x1falice"}},
		{"account only", []token.Token{{Account: "alice"}}, []string{"name:\x1falice"}},
		{"neither: the secret", []token.Token{{Secret: []byte("s")}}, []string{""}},
		{"a shared key is none", []token.Token{{Issuer: "A", Account: "x"}, {Issuer: "a", Account: "X"}, {Issuer: "B"}}, []string{"", "", "name:b\x1f"}},
		{"a shared uuid is none", []token.Token{{SourceID: "u"}, {SourceID: "u"}}, []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Keys(tt.entries); !slices.Equal(got, tt.want) {
				t.Fatalf("Keys = %q, want %q", got, tt.want)
			}
		})
	}
}

func tok(id, issuer, account, sec string, o *token.Origin) stored {
	t := token.Token{ID: id, Issuer: issuer, Account: account, Name: token.DefaultName(issuer, account), Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Origin: o}
	return stored{tok: t, secret: []byte(sec)}
}

func ent(issuer, account, sec string) token.Token {
	t := token.Token{Issuer: issuer, Account: account, Secret: []byte(sec)}
	if err := t.Validate(); err != nil {
		panic(err)
	}
	return t
}

func TestMakePlan(t *testing.T) {
	const file = "/backup.2fas"
	from := func(key, name string) *token.Origin { return &token.Origin{File: file, Key: key, Name: name} }

	t.Run("renamed without uuid: found by secret", func(t *testing.T) {
		have := []stored{tok("1", "GitHub", "alice", "s1", from("name:github\x1falice", "GitHub (alice)"))}
		p := makePlan(file, []token.Token{ent("GitHub", "alice2", "s1")}, have)
		if len(p.add) != 0 || p.report.Renamed != 1 || p.report.NewGone != 0 || p.changes[0].tok.Name != "GitHub (alice2)" {
			t.Fatalf("%+v", p)
		}
		if p.changes[0].tok.Origin.Key != "name:github\x1falice2" {
			t.Fatalf("the key is not brought up to date: %q", p.changes[0].tok.Origin.Key)
		}
	})
	t.Run("a rename by the user stays until the file renames", func(t *testing.T) {
		h := tok("1", "GitHub", "alice", "s1", from("name:github\x1falice", "GitHub (alice)"))
		h.tok.Name = "Work GitHub"
		p := makePlan(file, []token.Token{ent("GitHub", "alice", "s1")}, []stored{h})
		if p.report.Changed() || len(p.changes) != 0 {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("same issuer and account twice: each by its secret", func(t *testing.T) {
		have := []stored{
			tok("1", "AWS", "root", "s1", from("", "AWS (root)")),
			tok("2", "AWS", "root", "s2", from("", "AWS (root) 2")),
		}
		p := makePlan(file, []token.Token{ent("AWS", "root", "s2"), ent("AWS", "root", "s1")}, have)
		if len(p.add) != 0 || p.report.Updated != 0 || p.report.NewGone != 0 {
			t.Fatalf("%+v", p.report)
		}
	})
	t.Run("a token the user had is adopted, not doubled", func(t *testing.T) {
		have := []stored{tok("1", "GitHub", "alice", "s1", nil)}
		p := makePlan(file, []token.Token{ent("github", "alice", "s1")}, have)
		if len(p.add) != 0 || p.report.Adopted != 1 || p.changes[0].tok.Origin == nil {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("a token of the user is never marked gone", func(t *testing.T) {
		have := []stored{tok("1", "GitHub", "alice", "s1", nil), tok("2", "Google", "bob", "s2", from("name:google\x1fbob", "Google (bob)"))}
		p := makePlan(file, nil, have)
		if p.report.NewGone != 1 || len(p.changes) != 1 || p.changes[0].id != "2" {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("a gone token that comes back", func(t *testing.T) {
		o := from("name:google\x1fbob", "Google (bob)")
		o.Gone = true
		p := makePlan(file, []token.Token{ent("Google", "bob", "s2")}, []stored{tok("2", "Google", "bob", "s2", o)})
		if p.report.Back != 1 || p.report.Gone != 0 || p.changes[0].tok.Origin.Gone {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("a changed secret under the same key", func(t *testing.T) {
		p := makePlan(file, []token.Token{ent("Google", "bob", "new")}, []stored{tok("2", "Google", "bob", "old", from("name:google\x1fbob", "Google (bob)"))})
		if p.report.Updated != 1 || string(p.changes[0].secret) != "new" || string(p.changes[0].oldSecret) != "old" {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("an HOTP counter never goes back", func(t *testing.T) {
		h := tok("3", "Bank", "me", "s3", from("name:bank\x1fme", "Bank (me)"))
		h.tok.Kind, h.tok.Period, h.tok.Counter = token.HOTP, 0, 10
		e := token.Token{Issuer: "Bank", Account: "me", Kind: token.HOTP, Counter: 4, Secret: []byte("s3")}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		if p := makePlan(file, []token.Token{e}, []stored{h}); len(p.changes) != 0 {
			t.Fatalf("an older counter changes the token: %+v", p.changes)
		}
		e.Counter = 12
		p := makePlan(file, []token.Token{e}, []stored{h})
		if len(p.changes) != 1 || p.changes[0].tok.Counter != 12 || p.report.Updated != 1 {
			t.Fatalf("a newer counter: %+v", p)
		}
	})
}

package transfer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/token"
)

// reference is the token set of FORMATS.md, used by the fixtures of every
// format.
func reference() []token.Token {
	mk := func(issuer, account, secret string, kind token.Kind, alg token.Algorithm, digits, period int, counter uint64) token.Token {
		s, err := token.ParseSecret(secret)
		if err != nil {
			panic(err)
		}
		t := token.Token{Issuer: issuer, Account: account, Secret: s, Kind: kind, Algorithm: alg, Digits: digits, Period: period, Counter: counter}
		if err := t.Validate(); err != nil {
			panic(err)
		}
		return t
	}
	return []token.Token{
		mk("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", token.TOTP, token.SHA1, 6, 30, 0),
		mk("SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", token.TOTP, token.SHA256, 7, 20, 0),
		mk("Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", token.TOTP, token.SHA512, 8, 50, 0),
		mk("Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", token.HOTP, token.SHA1, 6, 0, 1),
		mk("Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", token.HOTP, token.SHA256, 7, 0, 50),
		mk("WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", token.HOTP, token.SHA512, 8, 0, 10300),
		mk("Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", token.Steam, token.SHA1, 5, 30, 0),
	}
}

// googleEligible is the part of the reference set a migration code carries.
func googleEligible() []token.Token {
	var out []token.Token
	for _, t := range reference() {
		if MigrationEligible(t) == nil {
			out = append(out, t)
		}
	}
	return out
}

// instants at which codes are compared.
var instants = []time.Time{
	time.Unix(0, 0).UTC(),
	time.Date(2024, 2, 29, 12, 34, 56, 0, time.UTC),
	time.Unix(2000000000, 0).UTC(),
}

// describe is a token without its secret, for messages.
func describe(t token.Token) string {
	return fmt.Sprintf("%s/%s %s %s %dd p%d c%d", t.Issuer, t.Account, t.Kind, t.Algorithm, t.Digits, t.Period, t.Counter)
}

// sameToken reports how got differs from want (fields, secret, and codes at
// fixed instants), never printing a secret.
func sameToken(got, want token.Token) string {
	var diffs []string
	if got.Issuer != want.Issuer || got.Account != want.Account || got.Kind != want.Kind ||
		got.Algorithm != want.Algorithm || got.Digits != want.Digits || got.Period != want.Period || got.Counter != want.Counter {
		diffs = append(diffs, "got "+describe(got)+", want "+describe(want))
	}
	if !bytes.Equal(got.Secret, want.Secret) {
		diffs = append(diffs, "secret differs")
	}
	for _, at := range instants {
		g, err1 := got.WindowAt(at, 0)
		w, err2 := want.WindowAt(at, 0)
		if err1 != nil || err2 != nil {
			diffs = append(diffs, fmt.Sprintf("code at %v: %v / %v", at, err1, err2))
			continue
		}
		if g.Code != w.Code || g.Next != w.Next {
			diffs = append(diffs, fmt.Sprintf("codes at %v differ", at))
		}
	}
	return strings.Join(diffs, "; ")
}

// checkTokens compares a decoded token list with the expected one, in order.
func checkTokens(t *testing.T, got, want []token.Token) {
	t.Helper()
	if len(got) != len(want) {
		names := make([]string, len(got))
		for i, g := range got {
			names[i] = describe(g)
		}
		t.Fatalf("got %d tokens %v, want %d", len(got), names, len(want))
	}
	for i := range want {
		if d := sameToken(got[i], want[i]); d != "" {
			t.Errorf("token %d (%s): %s", i, want[i].Issuer, d)
		}
	}
}

// english renders messages as the tests read them: the English catalogue
// text of errors, and the message ID with its arguments for catalogue text.
type english struct{}

func (english) T(id string, kv ...any) string {
	s := id
	for i := 0; i+1 < len(kv); i += 2 {
		s += fmt.Sprintf(" %v=%v", kv[i], kv[i+1])
	}
	return s
}

func (english) Err(err error) string { return inEnglish(err) }

func password(pw string) func() ([]byte, error) {
	return func() ([]byte, error) { return []byte(pw), nil }
}

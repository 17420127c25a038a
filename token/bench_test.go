package token

import (
	"fmt"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
)

// Figures, not asserts: `go test -bench . -run '^$' ./token`.

func BenchmarkCode(b *testing.B) {
	for _, c := range []struct {
		name string
		tok  Token
	}{
		{"TOTP-SHA1", Token{Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: rfcSeed20}},
		{"TOTP-SHA256", Token{Kind: TOTP, Algorithm: SHA256, Digits: 8, Period: 30, Secret: rfcSeed32}},
		{"TOTP-SHA512", Token{Kind: TOTP, Algorithm: SHA512, Digits: 8, Period: 30, Secret: rfcSeed64}},
		{"HOTP-SHA1", Token{Kind: HOTP, Algorithm: SHA1, Digits: 6, Secret: rfcSeed20}},
		{"Steam", Token{Kind: Steam, Algorithm: SHA1, Digits: 5, Period: 30, Secret: rfcSeed20}},
	} {
		b.Run(c.name, func(b *testing.B) {
			at := time.Unix(1700000000, 0)
			for i := 0; b.Loop(); i++ {
				if _, err := c.tok.codeAt(at, uint64(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// WindowAt makes two codes (current and next) and the window's times.
func BenchmarkWindowAt(b *testing.B) {
	tok := Token{Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Secret: rfcSeed20}
	now := time.Unix(1700000000, 123456789)
	for b.Loop() {
		if _, err := tok.WindowAt(now, 600*time.Millisecond); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseURI(b *testing.B) {
	const u = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30"
	for b.Loop() {
		if _, err := ParseURI(u); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	s := Open(b.TempDir(), keyringtest.New(ErrNoSecret))
	err := s.Update(func(d *Data) error {
		for i := range n {
			d.Tokens = append(d.Tokens, Token{ID: NewID(), Name: fmt.Sprintf("Issuer %d (user%d@example.com)", i, i),
				Issuer: fmt.Sprint("Issuer ", i), Account: fmt.Sprintf("user%d@example.com", i),
				Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Added: time.Unix(1700000000, 0).UTC()})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkStoreLoad(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprint(n, "tokens"), func(b *testing.B) {
			s := benchStore(b, n)
			for b.Loop() {
				if _, err := s.Load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A save: lock, read, rotate the versions, two fsynced atomic writes.
func BenchmarkStoreUpdate(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprint(n, "tokens"), func(b *testing.B) {
			s := benchStore(b, n)
			for b.Loop() {
				if err := s.Update(func(d *Data) error { d.Settings.ClockOffset += 0.001; return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Package follow keeps the tokens in step with a backup file that another
// app (Aegis, 2FAS on a phone) rewrites, usually through a sync client: each
// good read of the file adds its new entries, renames and updates the
// tokens it brought before, and marks those it no longer has; only Prune,
// which the user asks for, removes them. Package watch notices when the file
// changed and has settled.
//
// An entry of the file is matched to the token it brought before by its
// key, in this order:
//
//  1. the entry's own ID, where the format has one (the Aegis uuid);
//  2. else its issuer and account (ignoring case), when it has either;
//  3. else its secret.
//
// A key that two entries of the file share is no key: those entries are
// matched by secret. An entry whose key matches nothing is matched by
// secret too (a 2FAS entry renamed on the phone changes its key, not its
// secret). An entry that matches no followed token but is the same token
// (transfer.Same) as one the user already has is adopted: it is followed
// from now on, not added twice.
package follow

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// Abs is path as the setting keeps it: absolute and clean, so that the
// tokens' Origin compares equal however the user wrote it.
func Abs(path string) (string, error) {
	p, err := filepath.Abs(path)
	if err != nil {
		return "", msg.New("follow.path", err, "Path", path)
	}
	return p, nil
}

// Read reads and decodes the followed file, with the password kept for it
// when it is encrypted. A file too large, missing, damaged or half written
// is an error and changes nothing.
func Read(s *token.Store, path string) (*transfer.Result, error) {
	return ReadContext(context.Background(), s, path)
}

// ReadContext is Read that stops its key derivation when ctx ends
// (transfer.DecodeContext).
func ReadContext(ctx context.Context, s *token.Store, path string) (*transfer.Result, error) {
	d, err := s.Load()
	if err != nil {
		return nil, err
	}
	entry := ""
	if f := d.Settings.Follow; f != nil && f.File == path {
		entry = f.PasswordEntry
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, msg.New("follow.open", err, "Path", path)
	}
	defer file.Close()
	data, err := transfer.ReadInput(file)
	if err != nil {
		return nil, err
	}
	return transfer.DecodeContext(ctx, data, transfer.Options{Password: func() ([]byte, error) {
		if entry == "" {
			return nil, msg.New("follow.no_password", nil)
		}
		pw, err := s.Keyring.Get(entry)
		if errors.Is(err, token.ErrNoSecret) {
			return nil, msg.New("follow.no_password", nil)
		}
		return pw, err
	}})
}

// key is the entry's stable key (see the package comment), before the
// check that it is unique in the file.
func key(t token.Token) string {
	if id := strings.TrimSpace(t.SourceID); id != "" {
		return "id:" + id
	}
	issuer, account := strings.ToLower(strings.TrimSpace(t.Issuer)), strings.ToLower(strings.TrimSpace(t.Account))
	if issuer == "" && account == "" {
		return ""
	}
	return "name:" + issuer + "\x1f" + account
}

// Keys are the keys of the entries of one read, in order: a key two
// entries share is "" for both.
func Keys(entries []token.Token) []string {
	keys := make([]string, len(entries))
	count := map[string]int{}
	for i, e := range entries {
		keys[i] = key(e)
		count[keys[i]]++
	}
	for i, k := range keys {
		if count[k] > 1 {
			keys[i] = ""
		}
	}
	return keys
}

// entryName is the name the file gives an entry.
func entryName(t token.Token) string {
	if t.Name != "" {
		return t.Name
	}
	return token.DefaultName(t.Issuer, t.Account)
}

// sameSecret compares secrets; an unknown (nil) secret matches nothing.
func sameSecret(a, b []byte) bool { return len(a) > 0 && bytes.Equal(a, b) }

package token

import (
	"errors"
	"slices"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// Secret returns the secret of the token with the given ID from the keyring.
func (s *Store) Secret(t Token) ([]byte, error) {
	b, err := s.Keyring.Get(t.ID)
	if errors.Is(err, ErrNoSecret) {
		return nil, msg.New("keyring.missing", nil, "Name", t.Name)
	}
	return b, err
}

// WithSecret returns t with its Secret filled in from the keyring.
func (s *Store) WithSecret(t Token) (Token, error) {
	b, err := s.Secret(t)
	if err != nil {
		return t, err
	}
	t.Secret = b
	return t, nil
}

// Add stores a new token (which must carry its Secret), as AddAll does.
func (s *Store) Add(t Token) (Token, error) {
	added, err := s.AddAll([]Token{t})
	if err != nil {
		return Token{}, err
	}
	return added[0], nil
}

// AddAll stores new tokens (each carrying its Secret) in one save: the
// secrets go to the keyring first, then the metadata to the file; if a
// secret or the file cannot be written, the secrets already written are
// taken back and nothing is added. Names are made unique by a number suffix,
// among the tokens kept and those added. A token without an Added time gets
// the current one. It returns the tokens as stored.
func (s *Store) AddAll(toks []Token) ([]Token, error) {
	if len(toks) == 0 {
		return nil, nil
	}
	added := make([]Token, 0, len(toks))
	for _, t := range toks {
		if err := t.Validate(); err != nil {
			return nil, err
		}
		added = append(added, t)
	}
	now := time.Now().UTC().Truncate(time.Second)
	rollback := func(n int) {
		for _, t := range added[:n] {
			_ = s.Keyring.Delete(t.ID)
		}
	}
	for i := range added {
		t := &added[i]
		t.ID = NewID()
		if t.Added.IsZero() {
			t.Added = now
		}
		if err := s.Keyring.Set(t.ID, t.Secret); err != nil {
			rollback(i)
			return nil, err
		}
	}
	err := s.Update(func(d *Data) error {
		for i := range added {
			added[i].Name = d.UniqueName(added[i].Name)
			stored := added[i]
			stored.Secret = nil
			d.Tokens = append(d.Tokens, stored)
		}
		return nil
	})
	if err != nil {
		rollback(len(added))
		return nil, err
	}
	return added, nil
}

// Remove deletes a token: first from the file (so a failure loses nothing),
// then its secret from the keyring. also are changes made in the same write:
// the programs drop what their own settings keep for the token.
func (s *Store) Remove(id string, also ...func(*Data) error) error {
	err := s.Update(func(d *Data) error {
		i := d.index(id)
		if i < 0 {
			return msg.New("store.no_id", nil, "ID", id)
		}
		d.Tokens = slices.Delete(d.Tokens, i, i+1)
		if d.Default == id {
			d.Default = ""
		}
		for _, change := range also {
			if err := change(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.Keyring.Delete(id); err != nil {
		return msg.New("store.secret_left", err, "ID", id)
	}
	return nil
}

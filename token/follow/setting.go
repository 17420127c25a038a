package follow

import (
	"slices"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// KeepPassword keeps the password of an encrypted followed file in the
// store's keyring; nil deletes a kept one (the file is plain).
func KeepPassword(s *token.Store, password []byte) error {
	if password == nil {
		return s.Keyring.Delete(PasswordID)
	}
	return s.Keyring.Set(PasswordID, password)
}

// Start makes path the followed file (replacing another one). Tokens
// followed from another file become ordinary tokens. Start reads nothing:
// the caller checks the file first (Read, with the password kept by
// KeepPassword) and syncs after (Apply).
func Start(s *token.Store, path string) error {
	return s.Update(func(d *token.Data) error {
		if d.Settings.Follow == nil || d.Settings.Follow.File != path {
			d.Settings.Follow = &token.Follow{File: path}
		}
		for i := range d.Tokens {
			if o := d.Tokens[i].Origin; o != nil && o.File != path {
				d.Tokens[i].Origin = nil
			}
		}
		return nil
	})
}

// Stop ends following: the setting and the kept password go; the tokens
// stay, as ordinary tokens (also those marked gone). It returns how many
// tokens were followed; stopping when nothing is followed is no error.
func Stop(s *token.Store) (int, error) {
	n := 0
	err := s.Update(func(d *token.Data) error {
		n = 0
		d.Settings.Follow = nil
		for i := range d.Tokens {
			if d.Tokens[i].Origin != nil {
				d.Tokens[i].Origin = nil
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, s.Keyring.Delete(PasswordID)
}

// Gone are the tokens of d that the followed file no longer has.
func Gone(d *token.Data) []token.Token {
	var out []token.Token
	for _, t := range d.Tokens {
		if t.Origin != nil && t.Origin.Gone {
			out = append(out, t)
		}
	}
	return out
}

// Prune removes the tokens marked gone, first from the file in one save
// (with also, the changes the programs make for each removed token ID),
// then their secrets from the keyring. It returns the removed tokens.
func Prune(s *token.Store, also func(id string) func(*token.Data) error) ([]token.Token, error) {
	var removed []token.Token
	err := s.Update(func(d *token.Data) error {
		removed = Gone(d)
		d.Tokens = slices.DeleteFunc(d.Tokens, func(t token.Token) bool { return t.Origin != nil && t.Origin.Gone })
		for _, t := range removed {
			if d.Default == t.ID {
				d.Default = ""
			}
			if also != nil {
				if err := also(t.ID)(d); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range removed {
		if err := s.Keyring.Delete(t.ID); err != nil {
			return removed, msg.New("store.secret_left", err, "ID", t.ID)
		}
	}
	return removed, nil
}

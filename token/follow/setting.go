package follow

import (
	"slices"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// KeepPassword keeps the password of the followed (encrypted) file in the
// store's keyring, under an entry the setting names; nil deletes a kept one
// (the file is plain). Call it after Start.
func KeepPassword(s *token.Store, password []byte) error {
	d, err := s.Load()
	if err != nil {
		return err
	}
	f := d.Settings.Follow
	if f == nil {
		return ErrNotFollowed
	}
	entry := f.PasswordEntry
	if password == nil {
		if entry == "" {
			return nil
		}
		if err := s.Keyring.Delete(entry); err != nil {
			return err
		}
		return s.Update(func(d *token.Data) error {
			if d.Settings.Follow != nil {
				d.Settings.Follow.PasswordEntry = ""
			}
			return nil
		})
	}
	if entry == "" {
		entry = token.NewID()
	}
	if err := s.Keyring.Set(entry, password); err != nil {
		return err
	}
	if entry == f.PasswordEntry {
		return nil
	}
	err = s.Update(func(d *token.Data) error {
		if d.Settings.Follow == nil || d.Settings.Follow.File != f.File {
			return ErrNotFollowed
		}
		d.Settings.Follow.PasswordEntry = entry
		return nil
	})
	if err != nil {
		_ = s.Keyring.Delete(entry)
	}
	return err
}

// Start makes path the followed file (replacing another one). Tokens
// followed from another file become ordinary tokens. Start reads nothing:
// the caller checks the file first (Read, with the password kept by
// KeepPassword) and syncs after (Apply).
func Start(s *token.Store, path string) error {
	return s.Update(func(d *token.Data) error {
		if d.Settings.Follow == nil {
			d.Settings.Follow = &token.Follow{File: path}
		} else if d.Settings.Follow.File != path {
			// Another file: the kept password (if any) stays, for
			// KeepPassword to replace or delete.
			d.Settings.Follow.File, d.Settings.Follow.Synced = path, time.Time{}
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
	n, entry := 0, ""
	err := s.Update(func(d *token.Data) error {
		n, entry = 0, ""
		if f := d.Settings.Follow; f != nil {
			entry = f.PasswordEntry
		}
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
	if entry == "" {
		return n, nil
	}
	return n, s.Keyring.Delete(entry)
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

package token

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// Data is the content of the tokens file.
type Data struct {
	Schema   int      `json:"schema"`
	Revision uint64   `json:"revision"` // counts saves, so a reader can tell a change
	Default  string   `json:"default,omitempty"`
	Tokens   []Token  `json:"tokens"`
	Settings Settings `json:"settings"`
}

func (d *Data) index(id string) int {
	return slices.IndexFunc(d.Tokens, func(t Token) bool { return t.ID == id })
}

// ByID returns the token with the given ID.
func (d *Data) ByID(id string) (*Token, bool) {
	if i := d.index(id); i >= 0 {
		return &d.Tokens[i], true
	}
	return nil, false
}

// UniqueName returns name, or name with the smallest suffix " 2", " 3"...
// that no token has (names compare case-insensitively).
func (d *Data) UniqueName(name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(d.Tokens, func(t Token) bool { return strings.EqualFold(t.Name, n) })
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		n := name + " " + strconv.Itoa(i)
		if !taken(n) {
			return n
		}
	}
}

// Rename gives the token with id a new name, unique in the store.
func (d *Data) Rename(id, name string) error {
	name = cleanName(name)
	if name == "" {
		return msg.New("token.no_name", nil)
	}
	t, ok := d.ByID(id)
	if !ok {
		return msg.New("store.no_id", nil, "ID", id)
	}
	for _, o := range d.Tokens {
		if o.ID != id && strings.EqualFold(o.Name, name) {
			return msg.New("store.name_taken", nil, "Name", name)
		}
	}
	t.Name = name
	return nil
}

// Find returns the token a user means by query: an exact name
// (case-insensitive), a VIP credential ID (spaces ignored), the internal ID,
// or else a unique prefix of a name or credential ID. Several matches are an
// error that lists them.
func (d *Data) Find(query string) (*Token, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil, msg.New("store.not_found", nil, "Query", query)
	}
	lq := strings.ToLower(q)
	cq := CompactCredentialID(q)
	exact := func(t Token) bool {
		return strings.ToLower(t.Name) == lq || t.ID == q ||
			(t.VIP != nil && cq != "" && CompactCredentialID(t.VIP.CredentialID) == cq)
	}
	prefix := func(t Token) bool {
		return strings.HasPrefix(strings.ToLower(t.Name), lq) ||
			(t.VIP != nil && cq != "" && strings.HasPrefix(CompactCredentialID(t.VIP.CredentialID), cq))
	}
	for _, match := range []func(Token) bool{exact, prefix} {
		var found []int
		for i, t := range d.Tokens {
			if match(t) {
				found = append(found, i)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return &d.Tokens[found[0]], nil
		default:
			names := make([]string, len(found))
			for i, f := range found {
				names[i] = strconv.Quote(d.Tokens[f].Name)
			}
			return nil, msg.New("store.ambiguous", nil, "Query", query, "Candidates", strings.Join(names, ", "))
		}
	}
	return nil, msg.New("store.not_found", nil, "Query", query)
}

// Pick is Find, except that an empty query means the default token: the one
// marked default, else the first in the user's order (as in the tray, whose
// click and hotkey copy that one).
func (d *Data) Pick(query string) (*Token, error) {
	if strings.TrimSpace(query) != "" {
		return d.Find(query)
	}
	if len(d.Tokens) == 0 {
		return nil, msg.New("store.empty", nil)
	}
	if t, ok := d.ByID(d.Default); ok {
		return t, nil
	}
	return &d.Tokens[0], nil
}

// Move moves token id by places in the order (negative: up), stopping at
// either end.
func (d *Data) Move(id string, by int) error {
	i := d.index(id)
	if i < 0 {
		return msg.New("store.no_id", nil, "ID", id)
	}
	j := min(max(i+by, 0), len(d.Tokens)-1)
	t := d.Tokens[i]
	d.Tokens = slices.Insert(slices.Delete(d.Tokens, i, i+1), j, t)
	return nil
}

// DefaultToken is the token Pick("") gives, or nil.
func (d *Data) DefaultToken() *Token {
	t, err := d.Pick("")
	if err != nil {
		return nil
	}
	return t
}

// Offset is the clock offset the settings ask for.
func (d *Data) Offset() time.Duration {
	return OffsetFromSeconds(d.Settings.ClockOffset)
}

package follow

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// Report is what one sync changed.
type Report struct {
	Added   []string // names of the new tokens, as stored
	Renamed int      // tokens the file renamed
	Updated int      // tokens whose secret or code parameters the file changed
	Adopted int      // tokens the user had that are now followed
	Back    int      // tokens marked gone that the file has again
	NewGone int      // tokens this read found gone from the file
	Gone    int      // tokens marked gone after this read, waiting for Prune
	Skipped []transfer.Skipped
}

// Changed says whether the sync changed any token.
func (r Report) Changed() bool {
	return len(r.Added)+r.Renamed+r.Updated+r.Adopted+r.Back+r.NewGone > 0
}

// change is what a sync does to one stored token.
type change struct {
	id        string
	tok       token.Token // the token as it becomes (without secret)
	secret    []byte      // the new secret, nil when it stays
	oldSecret []byte      // to put back when the save fails
	rename    bool
}

// plan is what a sync does to the store.
type plan struct {
	add     []token.Token // new tokens, with Secret, Origin and ID
	changes []change
	report  Report
}

// stored is a kept token with its secret (nil when the keyring has none).
type stored struct {
	tok    token.Token
	secret []byte
}

// makePlan matches the entries of one read of path to the stored tokens
// (see the package comment).
func makePlan(path string, entries []token.Token, have []stored) plan {
	var p plan
	keys := Keys(entries)
	used := make([]bool, len(have))
	matched := make([]int, len(entries)) // index into have, or -1
	for i := range matched {
		matched[i] = -1
	}
	find := func(ok func(stored) bool) int {
		for j, h := range have {
			if !used[j] && ok(h) {
				used[j] = true
				return j
			}
		}
		return -1
	}
	for i := range entries {
		if keys[i] != "" {
			matched[i] = find(func(h stored) bool { return h.tok.FromFile(path) && h.tok.Origin.Key == keys[i] })
		}
	}
	for i, e := range entries {
		if matched[i] < 0 {
			matched[i] = find(func(h stored) bool { return h.tok.FromFile(path) && sameSecret(h.secret, e.Secret) })
		}
	}
	for i, e := range entries {
		if matched[i] >= 0 {
			continue
		}
		j := find(func(h stored) bool {
			return h.tok.Origin == nil && h.secret != nil && transfer.Same(token.Token{Issuer: h.tok.Issuer, Account: h.tok.Account, Name: h.tok.Name, Secret: h.secret}, e)
		})
		if j >= 0 {
			t := have[j].tok
			t.Origin = &token.Origin{File: path, Key: keys[i], Name: entryName(e)}
			p.changes = append(p.changes, change{id: t.ID, tok: t})
			p.report.Adopted++
			continue
		}
		n := e
		n.ID = token.NewID()
		n.SourceID = ""
		n.Origin = &token.Origin{File: path, Key: keys[i], Name: entryName(e)}
		p.add = append(p.add, n)
	}
	for i, e := range entries {
		j := matched[i]
		if j < 0 {
			continue
		}
		h := have[j]
		t := h.tok
		o := *t.Origin
		c := change{id: t.ID}
		if o.Gone {
			o.Gone = false
			p.report.Back++
		}
		if name := entryName(e); name != o.Name {
			o.Name = name
			if name != t.Name {
				t.Name = name
				c.rename = true
				p.report.Renamed++
			}
		}
		o.Key = keys[i]
		updated := false
		if !sameSecret(h.secret, e.Secret) {
			c.secret, c.oldSecret = e.Secret, h.secret
			updated = true
		}
		if t.Issuer != e.Issuer || t.Account != e.Account || t.Kind != e.Kind || t.Algorithm != e.Algorithm ||
			t.Digits != e.Digits || t.Period != e.Period || (e.Kind == token.HOTP && e.Counter > t.Counter) {
			updated = true
		}
		t.Issuer, t.Account, t.Kind, t.Algorithm, t.Digits, t.Period = e.Issuer, e.Account, e.Kind, e.Algorithm, e.Digits, e.Period
		// A counter never goes back: a code once shown must not come again.
		t.Counter = max(t.Counter, e.Counter)
		if e.Kind != token.HOTP {
			t.Counter = 0
		}
		if e.VIP != nil {
			t.VIP = e.VIP
		}
		if updated {
			p.report.Updated++
		}
		t.Origin = &o
		c.tok = t
		if c.secret != nil || !sameStored(h.tok, t) {
			p.changes = append(p.changes, c)
		}
	}
	for j, h := range have {
		if used[j] || !h.tok.FromFile(path) {
			continue
		}
		t := h.tok
		if t.Origin.Gone {
			p.report.Gone++
			continue
		}
		o := *t.Origin
		o.Gone = true
		t.Origin = &o
		p.changes = append(p.changes, change{id: t.ID, tok: t})
		p.report.NewGone++
		p.report.Gone++
	}
	return p
}

// ErrNotFollowed is returned when the file is no longer the followed one
// (the user stopped or changed the setting during the read).
var ErrNotFollowed = errors.New("the file is not followed any more")

// Apply brings one good read of the followed file path into the store:
// the secrets go to the keyring first, then everything else in one save;
// when the save fails the secrets are put back and nothing has changed. The
// setting must still name path. now is when the file was read; it becomes
// the setting's Synced time when the read changed something (or was the
// first), and a read that changes nothing writes nothing.
func Apply(s *token.Store, path string, res *transfer.Result, now time.Time) (Report, error) {
	d, err := s.Load()
	if err != nil {
		return Report{}, err
	}
	have := make([]stored, 0, len(d.Tokens))
	for _, t := range d.Tokens {
		b, err := s.Keyring.Get(t.ID)
		if err != nil && !errors.Is(err, token.ErrNoSecret) {
			return Report{}, err
		}
		have = append(have, stored{tok: t, secret: b})
	}
	p := makePlan(path, res.Tokens, have)
	p.report.Skipped = res.Skipped

	var undo []func()
	rollback := func() {
		for _, u := range slices.Backward(undo) {
			u()
		}
	}
	added := now.UTC().Truncate(time.Second)
	for i := range p.add {
		t := &p.add[i]
		if t.Added.IsZero() {
			t.Added = added
		}
		if err := s.Keyring.Set(t.ID, t.Secret); err != nil {
			rollback()
			return Report{}, err
		}
		id := t.ID
		undo = append(undo, func() { _ = s.Keyring.Delete(id) })
	}
	for _, c := range p.changes {
		if c.secret == nil {
			continue
		}
		if err := s.Keyring.Set(c.id, c.secret); err != nil {
			rollback()
			return Report{}, err
		}
		undo = append(undo, func() {
			if c.oldSecret != nil {
				_ = s.Keyring.Set(c.id, c.oldSecret)
			} else {
				_ = s.Keyring.Delete(c.id)
			}
		})
	}
	if len(p.add) == 0 && len(p.changes) == 0 && !synced(d, path).IsZero() {
		// Nothing to write: a save would only push a version of the tokens
		// file out of its kept history (the tray reads the file at every
		// start).
		if d.Settings.Follow == nil || d.Settings.Follow.File != path {
			return Report{}, ErrNotFollowed
		}
		return p.report, nil
	}
	var names []string
	err = s.Update(func(d *token.Data) error {
		if d.Settings.Follow == nil || d.Settings.Follow.File != path {
			return ErrNotFollowed
		}
		names = names[:0]
		for _, c := range p.changes {
			t, ok := d.ByID(c.id)
			if !ok {
				continue // removed meanwhile: the user's word wins
			}
			name := t.Name
			*t = c.tok
			t.Name = name
			if c.rename {
				t.Name = "" // so that its own old name does not count as taken
				t.Name = d.UniqueName(c.tok.Name)
			}
		}
		for _, n := range p.add {
			n.Name = d.UniqueName(n.Name)
			n.Secret = nil
			d.Tokens = append(d.Tokens, n)
			names = append(names, n.Name)
		}
		d.Settings.Follow.Synced = now.UTC().Truncate(time.Second)
		return nil
	})
	if err != nil {
		rollback()
		if errors.Is(err, ErrNotFollowed) {
			return Report{}, err
		}
		return Report{}, msg.New("follow.save", err)
	}
	p.report.Added = names
	return p.report, nil
}

// synced is the Synced time of the setting when it names path.
func synced(d *token.Data, path string) time.Time {
	if f := d.Settings.Follow; f != nil && f.File == path {
		return f.Synced
	}
	return time.Time{}
}

// sameStored says whether a and b are stored alike in the tokens file.
func sameStored(a, b token.Token) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

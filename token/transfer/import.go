package transfer

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/token"
)

// Plan is what an import will do: which tokens are new, which the store has
// already, and which entries cannot be imported.
type Plan struct {
	Format     Format
	New        []token.Token // with Secret; names are made unique by Apply
	Duplicates []token.Token
	Skipped    []Skipped
	Incomplete []BatchGap
}

// NewPlan compares what a file held with the tokens already kept (which
// must carry their Secret): a token with the same secret, issuer and account
// as one already kept, or as one earlier in the file, is a duplicate.
func NewPlan(res *Result, existing []token.Token) *Plan {
	p := &Plan{Format: res.Format, Skipped: res.Skipped, Incomplete: res.Incomplete}
	have := append([]token.Token(nil), existing...)
	for _, t := range res.Tokens {
		if containsSame(have, t) {
			p.Duplicates = append(p.Duplicates, t)
			continue
		}
		have = append(have, t)
		p.New = append(p.New, t)
	}
	return p
}

// Same says whether a and b are the same token for de-duplication: the same
// secret, issuer and account (issuer and account ignoring case and
// surrounding space; a token with neither is known by its name, as its URI
// labels it).
func Same(a, b token.Token) bool {
	return len(a.Secret) > 0 && bytes.Equal(a.Secret, b.Secret) &&
		strings.EqualFold(strings.TrimSpace(a.Issuer), strings.TrimSpace(b.Issuer)) &&
		strings.EqualFold(strings.TrimSpace(a.LabelAccount()), strings.TrimSpace(b.LabelAccount()))
}

func containsSame(list []token.Token, t token.Token) bool {
	_, ok := FindSame(list, t)
	return ok
}

// FindSame returns the first token of list that is the Same as t.
func FindSame(list []token.Token, t token.Token) (token.Token, bool) {
	for _, o := range list {
		if Same(o, t) {
			return o, true
		}
	}
	return token.Token{}, false
}

// Apply adds the new tokens to the store in one save (token.Store.AddAll:
// all or nothing), those without an Added time added at now. It returns the
// tokens as stored (with their final names).
func (p *Plan) Apply(s *token.Store, now time.Time) ([]token.Token, error) {
	toks := make([]token.Token, len(p.New))
	for i, t := range p.New {
		if t.Added.IsZero() {
			t.Added = now.UTC().Truncate(time.Second)
		}
		toks[i] = t
	}
	return s.AddAll(toks)
}

// Catalogue renders messages in the user's language (*i18n.Localizer is one).
type Catalogue interface {
	T(id string, kv ...any) string
	Err(err error) string
}

// Summary is the one line that ends an import:
// "imported 5, skipped 2 duplicates, 1 unsupported (Yandex: yandex tokens are not supported)".
// With dryRun it says what would be imported.
func (p *Plan) Summary(c Catalogue, dryRun bool) string {
	id := "transfer.summary.imported"
	if dryRun {
		id = "transfer.summary.would_import"
	}
	parts := []string{c.T(id, "Count", len(p.New))}
	if n := len(p.Duplicates); n > 0 {
		parts = append(parts, c.T("transfer.summary.duplicates", "Count", n))
	}
	if n := len(p.Skipped); n > 0 {
		var reasons []string
		for _, s := range p.Skipped {
			reasons = append(reasons, SkippedText(c, s))
		}
		parts = append(parts, c.T("transfer.summary.unsupported", "Count", n,
			"Reasons", strings.Join(reasons, c.T("transfer.summary.reason_sep"))))
	}
	return strings.Join(parts, c.T("transfer.summary.sep"))
}

// SkippedText is "Name: reason" for one skipped entry. The name and the
// reason may quote the file (a type, an algorithm): control characters are
// dropped, so a hostile file cannot send escape sequences to a terminal.
func SkippedText(c Catalogue, s Skipped) string {
	name := s.Name
	if name == "" && s.Line > 0 {
		name = c.T("transfer.entry_line", "Line", s.Line)
	}
	if name == "" {
		return token.CleanText(c.Err(s.Err))
	}
	return token.CleanText(c.T("transfer.summary.reason", "Name", name, "Reason", c.Err(s.Err)))
}

// Warnings are the lines to show beside the summary: Google Authenticator
// exports with QR codes missing.
func (p *Plan) Warnings(c Catalogue) []string {
	var out []string
	for _, g := range p.Incomplete {
		nums := make([]string, len(g.Missing))
		for i, m := range g.Missing {
			nums[i] = strconv.Itoa(m)
		}
		out = append(out, c.T("transfer.incomplete", "Size", g.Size, "Missing", strings.Join(nums, ", ")))
	}
	return out
}

// Import brings what a file held into the store: it compares the tokens with
// the stored ones (reading their secrets from the keyring) and, unless
// dryRun, adds the new ones in one save. It returns the plan (for the
// summary) and the tokens as stored, or with dryRun as they would be stored
// (with the names they would get). With dryRun nothing is written anywhere.
func Import(s *token.Store, res *Result, now time.Time, dryRun bool) (*Plan, []token.Token, error) {
	d, err := s.Load()
	if err != nil {
		return nil, nil, err
	}
	existing, err := WithSecrets(s, d.Tokens)
	if err != nil {
		return nil, nil, err
	}
	p := NewPlan(res, existing)
	if !dryRun {
		added, err := p.Apply(s, now)
		return p, added, err
	}
	sim := token.Data{Tokens: append([]token.Token(nil), d.Tokens...)}
	var added []token.Token
	for _, t := range p.New {
		t.Name = sim.UniqueName(t.Name)
		sim.Tokens = append(sim.Tokens, t)
		added = append(added, t)
	}
	return p, added, nil
}

// WithSecrets returns the stored tokens with their secrets, for finding
// duplicates. A token whose secret is missing from the keyring cannot be
// compared and is left out; a keyring that fails is an error.
func WithSecrets(s *token.Store, toks []token.Token) ([]token.Token, error) {
	out := make([]token.Token, 0, len(toks))
	for _, t := range toks {
		b, err := s.Keyring.Get(t.ID)
		if errors.Is(err, token.ErrNoSecret) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t.Secret = b
		out = append(out, t)
	}
	return out, nil
}

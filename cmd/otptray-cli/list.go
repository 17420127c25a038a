package main

import (
	"slices"
	"strings"

	"github.com/otptray/otptray/token"
)

func init() {
	register(command{
		name:      "list",
		summaryID: "cli.list.summary",
		usageID:   "cli.list.usage",
		run:       runList,
	})
}

// listJSON is one token in `list --json`: everything but the secret.
type listJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Issuer       string `json:"issuer,omitempty"`
	Account      string `json:"account,omitempty"`
	Kind         string `json:"kind"`
	Algorithm    string `json:"algorithm"`
	Digits       int    `json:"digits"`
	Period       int    `json:"period,omitempty"`
	Counter      uint64 `json:"counter,omitempty"`
	CredentialID string `json:"credential_id,omitempty"`
	Default      bool   `json:"default"`
	// FollowedFile is the followed backup file the token comes from;
	// GoneFromFile says that file no longer has it.
	FollowedFile string `json:"followed_file,omitempty"`
	GoneFromFile bool   `json:"gone_from_file,omitempty"`
}

func runList(c *cli, args []string) error {
	fs := newFlagSet("list")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("list", pos, 0, 0); err != nil {
		return err
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	def := d.DefaultToken()
	isDefault := func(t token.Token) bool { return def != nil && def.ID == t.ID }

	if *asJSON {
		out := make([]listJSON, 0, len(d.Tokens))
		for _, t := range d.Tokens {
			out = append(out, listJSON{
				ID: t.ID, Name: t.Name, Issuer: t.Issuer, Account: t.Account,
				Kind: string(t.Kind), Algorithm: string(t.Algorithm), Digits: t.Digits,
				Period: t.Period, Counter: t.Counter, CredentialID: credentialID(t),
				Default: isDefault(t),
			})
			if o := t.Origin; o != nil {
				out[len(out)-1].FollowedFile, out[len(out)-1].GoneFromFile = o.File, o.Gone
			}
		}
		return c.printJSON(out)
	}
	if len(d.Tokens) == 0 {
		c.println(c.stderr, "cli.list.empty")
		return nil
	}
	loc := c.l()
	rows := [][]string{{" ", loc.T("cli.list.name"), loc.T("cli.list.kind"), loc.T("cli.list.credential")}}
	// The column of the followed backup file shows only while there are
	// tokens from one.
	followed := slices.ContainsFunc(d.Tokens, func(t token.Token) bool { return t.Origin != nil })
	if followed {
		rows[0] = append(rows[0], loc.T("follow.cli.list.column"))
	}
	for _, t := range d.Tokens {
		mark := " "
		if isDefault(t) {
			mark = "*"
		}
		id := credentialID(t)
		if id == "" {
			id = "-"
		}
		row := []string{mark, t.Name, kindLabel(t.Kind), id}
		if followed {
			row = append(row, originLabel(loc.T, t))
		}
		rows = append(rows, row)
	}
	c.printf(c.stdout, "%s", columns(rows))
	return nil
}

// columns lays rows out in columns two spaces apart (one after the first),
// measuring text as a terminal shows it: Japanese characters take two
// columns, which text/tabwriter does not know.
func columns(rows [][]string) string {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], token.Columns(cell))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, cell := range r {
			b.WriteString(cell)
			if i == len(r)-1 {
				break
			}
			gap := 2
			if i == 0 {
				gap = 1
			}
			b.WriteString(strings.Repeat(" ", widths[i]-token.Columns(cell)+gap))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func credentialID(t token.Token) string {
	if t.VIP == nil {
		return ""
	}
	return t.VIP.CredentialID
}

// kindLabel is how a kind is written for people: TOTP, HOTP, Steam.
func kindLabel(k token.Kind) string {
	if k == token.Steam {
		return "Steam"
	}
	return strings.ToUpper(string(k))
}

// originLabel is the list's mark of a token from the followed backup file.
func originLabel(T func(string, ...any) string, t token.Token) string {
	switch {
	case t.Origin == nil:
		return "-"
	case t.Origin.Gone:
		return T("follow.cli.list.gone")
	}
	return T("follow.cli.list.from")
}

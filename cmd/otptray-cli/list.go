package main

import (
	"strings"
	"text/tabwriter"

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
		}
		return c.printJSON(out)
	}
	if len(d.Tokens) == 0 {
		c.println(c.stderr, "cli.list.empty")
		return nil
	}
	loc := c.l()
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	c.printf(tw, "  %s\t%s\t%s\n", loc.T("cli.list.name"), loc.T("cli.list.kind"), loc.T("cli.list.credential"))
	for _, t := range d.Tokens {
		mark := " "
		if isDefault(t) {
			mark = "*"
		}
		id := credentialID(t)
		if id == "" {
			id = "-"
		}
		c.printf(tw, "%s %s\t%s\t%s\n", mark, t.Name, kindLabel(t.Kind), id)
	}
	return tw.Flush()
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

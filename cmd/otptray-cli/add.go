package main

import (
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

func init() {
	register(command{
		name:      "add",
		summaryID: "cli.add.summary",
		usageID:   "cli.add.usage",
		run:       runAdd,
	})
}

// Flags of add that describe a token given by its bare secret; a URI carries
// them itself.
var secretOnlyFlags = []string{"issuer", "account", "digits", "period", "algorithm", "hotp", "counter"}

func runAdd(c *cli, args []string) error {
	fs := newFlagSet("add")
	name := fs.String("name", "", "")
	secret := fs.String("secret", "", "")
	issuer := fs.String("issuer", "", "")
	account := fs.String("account", "", "")
	digits := fs.Int("digits", 0, "")
	period := fs.Int("period", 0, "")
	algorithm := fs.String("algorithm", "", "")
	hotp := fs.Bool("hotp", false, "")
	counter := fs.Uint64("counter", 0, "")
	force := fs.Bool("force", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("add", pos, 0, 1); err != nil {
		return err
	}
	bySecret := flagSet(fs, "secret")
	switch {
	case bySecret && *secret != "-":
		// Never echo the value: it may well be the secret.
		return usage("add", "cli.add.secret_dash")
	case bySecret && len(pos) == 1:
		return usage("add", "cli.add.uri_and_secret")
	case !bySecret:
		for _, f := range secretOnlyFlags {
			if flagSet(fs, f) {
				return usage("add", "cli.add.needs_secret", "Flag", "--"+f)
			}
		}
	case flagSet(fs, "counter") && !*hotp:
		return usage("add", "cli.add.counter_needs_hotp")
	case flagSet(fs, "period") && *hotp:
		return usage("add", "cli.add.period_hotp")
	}

	var t token.Token
	if bySecret {
		in, err := c.readSecretInput("cli.add.prompt_secret")
		if err != nil {
			return err
		}
		b, err := token.ParseSecret(in)
		if err != nil {
			return err
		}
		t = token.Token{
			Issuer:    strings.TrimSpace(*issuer),
			Account:   strings.TrimSpace(*account),
			Kind:      token.TOTP,
			Algorithm: token.Algorithm(*algorithm),
			Digits:    *digits,
			Period:    *period,
			Secret:    b,
		}
		if *hotp {
			t.Kind = token.HOTP
			t.Counter = *counter
		}
	} else {
		uri := ""
		if len(pos) == 1 {
			uri = pos[0]
		} else if uri, err = c.readSecretInput("cli.add.prompt_uri"); err != nil {
			return err
		}
		if strings.TrimSpace(uri) == "" {
			return msg.New("cli.add.no_uri", nil)
		}
		var notices []error
		if t, notices, err = token.ParseURINotices(uri); err != nil {
			return err
		}
		for _, n := range notices {
			c.printf(c.stderr, "otptray-cli: %s\n", c.l().Err(n))
		}
	}
	if flagSet(fs, "name") {
		t.Name = strings.TrimSpace(*name)
		if t.Name == "" {
			return msg.New("token.no_name", nil)
		}
	}

	if err := t.Validate(); err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	if !*force {
		if err := c.refuseDuplicate(s, t); err != nil {
			return err
		}
	}
	stored, err := s.Add(t)
	if err != nil {
		return err
	}
	offset := 0.0
	if d, err := c.load(); err == nil {
		offset = d.Settings.ClockOffset
	}
	return c.reportAdded(stored, token.OffsetFromSeconds(offset))
}

// refuseDuplicate fails when the store has a token that is the Same as t,
// by the comparison import and the tray's scan use, naming it.
func (c *cli) refuseDuplicate(s *token.Store, t token.Token) error {
	d, err := c.load()
	if err != nil {
		return err
	}
	existing, err := transfer.WithSecrets(s, d.Tokens)
	if err != nil {
		return err
	}
	if o, dup := transfer.FindSame(existing, t); dup {
		return msg.New("polishcli.add.duplicate", nil, "Name", o.Name)
	}
	return nil
}

// reportAdded tells that t was stored: its name, a VIP credential's ID and
// expiry, and the first code, for the user to check against the issuer (for
// HOTP it is shown without being used: the counter stays).
func (c *cli) reportAdded(t token.Token, offset time.Duration) error {
	c.println(c.stdout, "cli.add.added", "Name", t.Name)
	if t.VIP != nil {
		c.printCredential(t)
	}
	w, err := t.WindowAt(c.now(), offset)
	if err != nil {
		return err
	}
	c.println(c.stdout, "cli.add.code", "Code", token.Group(w.Code))
	return nil
}

package main

import (
	"context"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

func init() {
	register(command{
		name:      "vip",
		summaryID: "cli.vip.summary",
		usageID:   "cli.vip.usage",
		run:       runVIP,
	})
}

// runVIP dispatches the vip subcommands; they share the usage text.
func runVIP(c *cli, args []string) error {
	if len(args) == 0 {
		return usage("vip", "cli.vip.no_subcommand")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "provision":
		return runVIPProvision(c, rest)
	case "check":
		return runVIPValidate(c, rest, false)
	case "sync":
		return runVIPValidate(c, rest, true)
	case "import":
		return runVIPImport(c, rest)
	case "export":
		return runVIPExport(c, rest)
	case "-h", "-help", "--help", "help":
		return errHelp
	}
	return usage("vip", "cli.vip.unknown_subcommand", "Name", sub)
}

// vipConfig is the VIP client configuration: the real endpoints, or all
// three under one base URL from --server or OTPTRAY_VIP_URL (a test or
// proxy server offering /prov, /otpCheck and /otpSync). OTPTRAY_VIP_TIMEOUT
// (a Go duration such as 10s) overrides the timeout of each request.
func (c *cli) vipConfig(server string) (vip.Config, error) {
	cfg, err := vip.ConfigFromEnv(version, server, c.env)
	cfg.Now = c.now
	return cfg, err
}

// interruptible is a context that Ctrl-C cancels, so a slow server can be
// given up on cleanly.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func runVIPProvision(c *cli, args []string) error {
	fs := newFlagSet("vip")
	model := fs.String("model", vip.DefaultModel, "")
	name := fs.String("name", "", "")
	printURI := fs.Bool("print-uri", false, "")
	server := fs.String("server", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("vip", pos, 0, 0); err != nil {
		return err
	}
	m, err := vip.ValidModel(*model)
	if err != nil {
		return &usageError{cmd: "vip", err: err}
	}
	if flagSet(fs, "name") && strings.TrimSpace(*name) == "" {
		return &usageError{cmd: "vip", err: msg.New("token.no_name", nil)}
	}
	cfg, err := c.vipConfig(*server)
	if err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	// Fail on a damaged tokens file before asking the service for a
	// credential that could not be stored.
	d, err := c.load()
	if err != nil {
		return err
	}
	c.println(c.stderr, "cli.vip.provisioning", "Model", m)
	ctx, cancel := interruptible()
	defer cancel()
	t, info, err := vip.Provision(ctx, cfg, m)
	if err != nil {
		return err
	}
	if flagSet(fs, "name") {
		t.Name = strings.TrimSpace(*name)
	}
	stored, err := s.Add(t)
	if err != nil {
		return err
	}
	if err := c.reportAdded(stored, d.Offset()); err != nil {
		return err
	}
	c.println(c.stdout, "cli.vip.register_hint", "ID", stored.VIP.CredentialID)
	c.warnSkew(info, d.Offset())
	if *printURI {
		c.println(c.stderr, "cli.vip.uri_warning")
		c.printf(c.stdout, "%s\n", stored.URI())
	}
	return nil
}

// printCredential prints the credential ID and the expiry of a VIP token.
func (c *cli) printCredential(t token.Token) {
	c.println(c.stdout, "cli.vip.credential_id", "ID", t.VIP.CredentialID)
	if t.VIP.Expiry.IsZero() {
		return
	}
	exp := t.VIP.Expiry.UTC().Format("2006-01-02")
	if days := int(t.VIP.Expiry.Sub(c.now()).Hours() / 24); t.VIP.Expiry.Before(c.now()) {
		c.println(c.stdout, "cli.vip.expired", "Date", exp)
	} else if days <= 30 {
		c.println(c.stdout, "cli.vip.expires_soon", "Date", exp, "Days", days)
	} else {
		c.println(c.stdout, "cli.vip.expires", "Date", exp)
	}
}

// skewWarning is the clock difference to the VIP service (whose time comes
// in whole seconds) above which codes may be refused.
const skewWarning = 3 * time.Second

// warnSkew warns on stderr when the corrected local clock differs from the
// VIP service's by more than skewWarning.
func (c *cli) warnSkew(info vip.Info, offset time.Duration) {
	if info.ServerTime.IsZero() {
		return
	}
	// ServerSkew is local minus server; the codes use local+offset.
	skew := info.ServerSkew + offset
	switch {
	case skew > skewWarning:
		c.println(c.stderr, "cli.vip.skew_fast", "Offset", c.duration(skew))
	case skew < -skewWarning:
		c.println(c.stderr, "cli.vip.skew_slow", "Offset", c.duration(-skew))
	}
}

// pickVIP finds the VIP token the user means (the default one if query is
// empty).
func pickVIP(d *token.Data, query string) (*token.Token, error) {
	t, err := d.Pick(query)
	if err != nil {
		return nil, err
	}
	if t.VIP == nil || t.VIP.CredentialID == "" {
		return nil, msg.New("vipfile.not_vip", nil, "Name", t.Name)
	}
	return t, nil
}

// runVIPValidate runs vip check, or vip sync: they take the same
// arguments.
func runVIPValidate(c *cli, args []string, sync bool) error {
	fs := newFlagSet("vip")
	server := fs.String("server", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("vip", pos, 0, 1); err != nil {
		return err
	}
	return c.validateVIP(*server, strings.Join(pos, ""), sync)
}

// validateVIP checks (or syncs) the credential query with the VIP
// validation service. The codes it sends are used up: an HOTP counter moves
// past them, and the time of contact is kept for the sync gap. Both are
// saved before the request goes out, so an interrupted run never sends the
// same codes twice.
func (c *cli) validateVIP(server, query string, sync bool) error {
	cfg, err := c.vipConfig(server)
	if err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	now := c.now()
	var (
		tok        token.Token
		prev, cur  string
		lastBefore time.Time
	)
	err = s.Update(func(d *token.Data) error {
		t, err := pickVIP(d, query)
		if err != nil {
			return err
		}
		lastBefore = t.VIP.LastContact
		if sync {
			if at := vip.SyncAllowedAt(lastBefore, t.Period); now.Before(at) {
				return msg.New("vip.sync_too_soon", nil, "Seconds", token.CeilSeconds(at.Sub(now)))
			}
		}
		full, err := s.WithSecret(*t)
		if err != nil {
			return err
		}
		if prev, cur, err = vip.Codes(full, now, d.Offset()); err != nil {
			return err
		}
		if t.Kind == token.HOTP {
			t.Counter++
			if sync {
				t.Counter++
			}
		}
		t.VIP.LastContact = now.UTC()
		tok = *t
		return nil
	})
	if err != nil {
		return err
	}
	ctx, cancel := interruptible()
	defer cancel()
	var res vip.Result
	if sync {
		// The gap was checked above against the contact before this one.
		res, err = vip.Sync(ctx, cfg, vip.SyncRequest{CredentialID: tok.VIP.CredentialID, Previous: prev, Current: cur, LastContact: lastBefore, Period: tok.Period})
	} else {
		code := cur
		if tok.Kind == token.HOTP {
			code = prev // the counter's own code; cur is the next one's
		}
		res, err = vip.Check(ctx, cfg, tok.VIP.CredentialID, code)
	}
	if err != nil {
		return err
	}
	id := tok.VIP.CredentialID
	switch res.Outcome {
	case vip.Working:
		if sync {
			c.println(c.stdout, "cli.vip.synced", "ID", id)
		} else {
			c.println(c.stdout, "cli.vip.working", "ID", id)
		}
		return nil
	case vip.NeedsSync:
		if sync {
			return msg.New("cli.vip.sync_failed", nil, "ID", id)
		}
		return msg.New("cli.vip.needs_sync", nil, "ID", id, "Name", tok.Name)
	}
	return msg.New("cli.vip.unknown_answer", nil, "Answer", res.Answer)
}

func runVIPImport(c *cli, args []string) error {
	fs := newFlagSet("vip")
	name := fs.String("name", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("vip", pos, 1, 1); err != nil {
		return err
	}
	var t token.Token
	if pos[0] == "-" {
		in, err := c.readPipedInput()
		if err != nil {
			return err
		}
		t, err = vip.ParseVipaccessFile(strings.NewReader(in))
		if err != nil {
			return msg.New("cli.vip.import_read", err, "Path", "-")
		}
	} else {
		f, err := os.Open(pos[0])
		if err != nil {
			return msg.New("cli.vip.import_open", err, "Path", pos[0])
		}
		t, err = vip.ParseVipaccessFile(f)
		f.Close()
		if err != nil {
			return msg.New("cli.vip.import_read", err, "Path", pos[0])
		}
	}
	if flagSet(fs, "name") {
		t.Name = strings.TrimSpace(*name)
		if t.Name == "" {
			return &usageError{cmd: "vip", err: msg.New("token.no_name", nil)}
		}
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	for _, o := range d.Tokens {
		if o.VIP != nil && strings.EqualFold(o.VIP.CredentialID, t.VIP.CredentialID) {
			return msg.New("cli.vip.duplicate", nil, "ID", t.VIP.CredentialID, "Name", o.Name)
		}
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	stored, err := s.Add(t)
	if err != nil {
		return err
	}
	return c.reportAdded(stored, d.Offset())
}

func runVIPExport(c *cli, args []string) error {
	pos, err := positional("vip", args, 2, 2)
	if err != nil {
		return err
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	t, err := pickVIP(d, pos[0])
	if err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	full, err := s.WithSecret(*t)
	if err != nil {
		return err
	}
	if err := vip.CreateVipaccessFile(pos[1], full); err != nil {
		return err
	}
	c.println(c.stdout, "cli.vip.exported", "Name", t.Name, "Path", pos[1])
	c.println(c.stderr, "cli.vip.export_warning")
	return nil
}

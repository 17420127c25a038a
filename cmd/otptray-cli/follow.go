package main

import (
	"time"

	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/follow"
	"github.com/otptray/otptray/token/transfer"
)

func init() {
	register(command{name: "follow", summaryID: "follow.cli.summary", usageID: "follow.cli.usage", run: runFollow})
}

// runFollow is `follow FILE` (start, and read it now), `follow` (what is
// followed), `follow --off` and `follow --prune`. The running tray watches
// the file; this command reads it once.
func runFollow(c *cli, args []string) error {
	fs := newFlagSet("follow")
	off := fs.Bool("off", false, "")
	prune := fs.Bool("prune", false, "")
	pwStdin := fs.Bool("password-stdin", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("follow", pos, 0, 1); err != nil {
		return err
	}
	if (*off || *prune) && (len(pos) > 0 || *pwStdin) || *off && *prune {
		return usage("follow", "follow.cli.flags")
	}
	if _, err := c.load(); err != nil {
		return err
	}
	s, _ := c.openStore() // opened by load
	switch {
	case *off:
		return c.followOff(s)
	case *prune:
		return c.followPrune(s)
	case len(pos) == 1:
		return c.followStart(s, pos[0], *pwStdin)
	}
	return c.followShow(s)
}

func (c *cli) followStart(s *token.Store, file string, pwStdin bool) error {
	path, err := follow.Abs(file)
	if err != nil {
		return err
	}
	data, err := c.readImportInput(path)
	if err != nil {
		return err
	}
	// The file is read before the setting changes: a wrong password or a
	// file that is not a backup leaves everything as it was.
	var pw []byte
	res, err := transfer.Decode(data, transfer.Options{Password: func() ([]byte, error) {
		b, err := c.password(pwStdin, false)
		pw = b
		return b, err
	}})
	if err != nil {
		return err
	}
	if err := follow.Start(s, path); err != nil {
		return err
	}
	err = follow.KeepPassword(s, pw)
	clear(pw)
	if err != nil {
		return err
	}
	r, err := follow.Apply(s, path, res, c.now())
	for i := range res.Tokens {
		clear(res.Tokens[i].Secret)
	}
	if err != nil {
		return err
	}
	c.println(c.stdout, "follow.cli.started", "Path", path)
	c.printReport(r)
	return nil
}

// printReport says what one read changed, one line a kind of change.
func (c *cli) printReport(r follow.Report) {
	for _, n := range r.Added {
		c.println(c.stdout, "cli.import.added", "Name", n)
	}
	for _, sk := range r.Skipped {
		c.println(c.stdout, "cli.import.skipped", "Entry", transfer.SkippedText(c.l(), sk))
	}
	c.println(c.stdout, "follow.cli.report", "Added", len(r.Added), "Renamed", r.Renamed, "Updated", r.Updated, "Adopted", r.Adopted)
	if r.Gone > 0 {
		c.println(c.stdout, "follow.cli.gone", "Count", r.Gone)
	}
}

func (c *cli) followShow(s *token.Store) error {
	d, _ := c.load()
	f := d.Settings.Follow
	if f == nil {
		c.println(c.stdout, "follow.cli.none")
		return nil
	}
	c.println(c.stdout, "follow.cli.following", "Path", f.File)
	n := 0
	for _, t := range d.Tokens {
		if t.FromFile(f.File) {
			n++
		}
	}
	if f.Synced.IsZero() {
		c.println(c.stdout, "follow.cli.never")
	} else {
		c.println(c.stdout, "follow.cli.synced", "Time", f.Synced.Local().Format(time.DateTime), "Count", n)
	}
	if g := len(follow.Gone(d)); g > 0 {
		c.println(c.stdout, "follow.cli.gone", "Count", g)
	}
	// Whether the file reads now: a sync client that stopped, a password
	// changed on the phone.
	res, err := follow.Read(s, f.File)
	if err != nil {
		c.println(c.stdout, "follow.cli.unreadable", "Detail", c.l().Err(err))
		return nil
	}
	c.println(c.stdout, "follow.cli.reads", "Count", len(res.Tokens))
	for i := range res.Tokens {
		clear(res.Tokens[i].Secret)
	}
	return nil
}

func (c *cli) followOff(s *token.Store) error {
	d, _ := c.load()
	if d.Settings.Follow == nil {
		c.println(c.stdout, "follow.cli.none")
		return nil
	}
	n, err := follow.Stop(s)
	if err != nil {
		return err
	}
	c.println(c.stdout, "follow.cli.stopped", "Path", d.Settings.Follow.File, "Count", n)
	return nil
}

func (c *cli) followPrune(s *token.Store) error {
	removed, err := follow.Prune(s, prefs.ForgetToken)
	for _, t := range removed {
		c.println(c.stdout, "cli.remove.done", "Name", t.Name)
	}
	if err != nil {
		return err
	}
	if len(removed) == 0 {
		c.println(c.stdout, "follow.cli.nothing_gone")
	}
	return nil
}

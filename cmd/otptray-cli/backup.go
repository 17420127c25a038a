package main

import (
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

func init() {
	register(command{name: "backup", summaryID: "cli.backup.summary", usageID: "cli.backup.usage", run: runBackup})
}

// runBackup writes every token, secrets included, as an encrypted Aegis
// vault (which a phone running Aegis opens too), and records the date so the
// tray can remind about old backups. `restore` reads it back.
func runBackup(c *cli, args []string) error {
	fs := newFlagSet("backup")
	out := fs.String("out", "", "")
	pwStdin := fs.Bool("password-stdin", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("backup", pos, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usage("backup", "cli.backup.no_out")
	}
	toks, err := c.exportTokens(nil)
	if err != nil {
		return err
	}
	data, err := c.encryptedAegis(toks, *out, *pwStdin)
	if err != nil {
		return err
	}
	if err := transfer.WriteNew(*out, data); err != nil {
		return err
	}
	s, _ := c.openStore() // opened by exportTokens
	now := c.now().UTC().Truncate(1e9)
	if err := s.Update(func(d *token.Data) error {
		d.Settings.LastBackup = now
		return nil
	}); err != nil {
		return msg.New("cli.backup.date", err, "Path", *out)
	}
	c.println(c.stdout, "cli.backup.done", "Count", len(toks), "Path", *out)
	return nil
}

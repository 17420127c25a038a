package main

import (
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
)

func init() {
	register(command{name: "rename", summaryID: "cli.rename.summary", usageID: "cli.rename.usage", run: runRename})
	register(command{name: "remove", summaryID: "cli.remove.summary", usageID: "cli.remove.usage", run: runRemove})
	register(command{name: "default", summaryID: "cli.default.summary", usageID: "cli.default.usage", run: runDefault})
	register(command{name: "uri", summaryID: "cli.uri.summary", usageID: "cli.uri.usage", run: runURI})
}

func runRename(c *cli, args []string) error {
	pos, err := positionalNamed("rename", args, "polishcli.arg.name", "polishcli.arg.new_name")
	if err != nil {
		return err
	}
	var old, renamed string
	err = c.updateToken(pos[0], func(d *token.Data, t *token.Token) error {
		old = t.Name
		if err := d.Rename(t.ID, pos[1]); err != nil {
			return err
		}
		renamed = t.Name
		return nil
	})
	if err != nil {
		return err
	}
	c.println(c.stdout, "cli.rename.done", "Old", old, "New", renamed)
	return nil
}

// runRemove deletes a token after asking. Without a terminal there is nobody
// to ask, and a script that forgot --yes must not delete silently.
func runRemove(c *cli, args []string) error {
	fs := newFlagSet("remove")
	yes := fs.Bool("yes", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantNamedArgs("remove", pos, "polishcli.arg.name"); err != nil {
		return err
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	t, err := d.Find(pos[0])
	if err != nil {
		return err
	}
	if !*yes {
		if !c.isTerminal(c.stdin) {
			return msg.New("cli.remove.need_yes", nil, "Name", t.Name)
		}
		ok, err := c.confirm("cli.remove.confirm", "Name", t.Name)
		if err != nil {
			return err
		}
		if !ok {
			return msg.New("cli.remove.cancelled", nil, "Name", t.Name)
		}
	}
	s, _ := c.openStore() // opened by load
	if err := s.Remove(t.ID, prefs.ForgetToken(t.ID)); err != nil {
		return err
	}
	c.println(c.stdout, "cli.remove.done", "Name", t.Name)
	return nil
}

func runDefault(c *cli, args []string) error {
	pos, err := positionalNamed("default", args, "polishcli.arg.name")
	if err != nil {
		return err
	}
	var name string
	err = c.updateToken(pos[0], func(d *token.Data, t *token.Token) error {
		d.Default, name = t.ID, t.Name
		return nil
	})
	if err != nil {
		return err
	}
	c.println(c.stdout, "cli.default.done", "Name", name)
	return nil
}

// updateToken finds the token query names and lets change edit it (and
// the data around it) inside one Store.Update, under the lock.
func (c *cli) updateToken(query string, change func(d *token.Data, t *token.Token) error) error {
	s, err := c.openStore()
	if err != nil {
		return err
	}
	return s.Update(func(d *token.Data) error {
		t, err := d.Find(query)
		if err != nil {
			return err
		}
		return change(d, t)
	})
}

// runURI prints a token's otpauth URI, secret included, on stdout (to be
// piped or redirected); the warning goes to stderr, out of the pipe.
func runURI(c *cli, args []string) error {
	pos, err := positionalNamed("uri", args, "polishcli.arg.name")
	if err != nil {
		return err
	}
	d, err := c.load()
	if err != nil {
		return err
	}
	t, err := d.Find(pos[0])
	if err != nil {
		return err
	}
	s, _ := c.openStore() // opened by load
	tok, err := s.WithSecret(*t)
	if err != nil {
		return err
	}
	if tok.Issuer == "" && tok.Account == "" {
		// A token added from a bare secret may have only a name; without a
		// label the URI would not read back (nor in other apps).
		tok.Account = tok.Name
	}
	c.printf(c.stdout, "%s\n", tok.URI())
	c.println(c.stderr, "cli.uri.warning", "Name", tok.Name)
	return nil
}

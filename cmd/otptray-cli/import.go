package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

func init() {
	register(command{name: "import", summaryID: "cli.import.summary", usageID: "cli.import.usage", run: runImport})
	register(command{name: "restore", summaryID: "cli.restore.summary", usageID: "cli.restore.usage", run: runRestore})
}

func runImport(c *cli, args []string) error  { return c.importCmd("import", args) }
func runRestore(c *cli, args []string) error { return c.importCmd("restore", args) }

// importCmd is import and restore: a restore is an import of a backup, with
// the same rules (nothing on a file-level error, duplicates skipped).
func (c *cli) importCmd(name string, args []string) error {
	fs := newFlagSet(name)
	format := fs.String("format", "", "")
	dryRun := fs.Bool("dry-run", false, "")
	pwStdin := fs.Bool("password-stdin", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(name, pos, 1, 1); err != nil {
		return err
	}
	path := pos[0]
	if path == "-" && *pwStdin {
		return usage(name, "cli.import.stdin_twice")
	}
	var opt transfer.Options
	if *format != "" {
		f, err := transfer.ParseFormat(*format)
		if err != nil {
			return &usageError{cmd: name, err: err}
		}
		opt.Format = f
	}
	// A damaged tokens file fails before anyone types a password.
	if _, err := c.load(); err != nil {
		return err
	}
	data, err := c.readImportInput(path)
	if err != nil {
		return err
	}
	opt.Password = func() ([]byte, error) { return c.password(*pwStdin, false) }
	res, err := transfer.Decode(data, opt)
	if err != nil {
		return err
	}

	s, err := c.openStore()
	if err != nil {
		return err
	}
	plan, added, err := transfer.Import(s, res, c.now(), *dryRun)
	if err != nil {
		return err
	}
	loc := c.l()
	for _, w := range plan.Warnings(loc) {
		c.printf(c.stderr, "%s\n", loc.T("cli.import.warning", "Text", w))
	}
	doneID := "cli.import.added"
	if *dryRun {
		doneID = "cli.import.would_add"
	}
	for _, t := range added {
		c.println(c.stdout, doneID, "Name", t.Name)
	}
	for _, t := range plan.Duplicates {
		c.println(c.stdout, "cli.import.duplicate", "Name", token.DefaultName(t.Issuer, t.Account))
	}
	for _, sk := range plan.Skipped {
		c.println(c.stdout, "cli.import.skipped", "Entry", transfer.SkippedText(loc, sk))
	}
	c.printf(c.stdout, "%s\n", plan.Summary(loc, *dryRun))
	if *dryRun {
		c.println(c.stderr, "cli.import.dry_run")
	}
	return nil
}

// readImportInput reads the file to import, or standard input for "-";
// either way at most transfer.MaxInput bytes.
func (c *cli) readImportInput(path string) ([]byte, error) {
	if path == "-" {
		if c.isTerminal(c.stdin) {
			return nil, msg.New("cli.stdin.terminal", nil)
		}
		return transfer.ReadInput(c.stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, msg.New("cli.import.open", err, "Path", path)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, msg.New("cli.import.is_dir", nil, "Path", path)
	}
	return transfer.ReadInput(f)
}

// password reads a password: with fromStdin one line of standard input;
// else from the terminal without echo (twice, to catch a typo, when
// confirm). Never from argv.
func (c *cli) password(fromStdin, confirm bool) ([]byte, error) {
	if fromStdin {
		line, err := bufio.NewReaderSize(io.LimitReader(c.stdin, maxInput), 4096).ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, msg.New("cli.stdin.read", err)
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if line == "" {
			return nil, msg.New("cli.password.empty", nil)
		}
		return []byte(line), nil
	}
	if !c.isTerminal(c.stdin) {
		return nil, msg.New("cli.password.no_terminal", nil)
	}
	ask := func(id string) ([]byte, error) {
		c.printf(c.stderr, "%s", c.l().T(id))
		b, err := c.readPassword(c.stdin)
		c.printf(c.stderr, "\n")
		if err != nil {
			return nil, msg.New("cli.stdin.read", err)
		}
		return b, nil
	}
	pw, err := ask("cli.password.prompt")
	if err != nil {
		return nil, err
	}
	if len(pw) == 0 {
		return nil, msg.New("cli.password.empty", nil)
	}
	if confirm {
		again, err := ask("cli.password.prompt_again")
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(pw, again) {
			return nil, msg.New("cli.password.mismatch", nil)
		}
	}
	return pw, nil
}

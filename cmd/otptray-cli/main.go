// Command otptray-cli is otptray's console program: add tokens, list them,
// print their codes for scripts, and manage them, from a shell or over SSH.
//
// It links no GUI package (no hotkey, tray, clipboard or notifications), so
// it runs without a display. Each command lives in its own file and
// registers itself from init() with register; main only dispatches.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/update"
	"github.com/otptray/otptray/update/install"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

// command is one subcommand. Add a command by writing a file with an init()
// that calls register; main.go need not change.
type command struct {
	name      string                            // what the user types: "code"
	summaryID string                            // catalogue ID of the one-line help shown by `help`
	usageID   string                            // catalogue ID of the full usage (synopsis, flags)
	run       func(c *cli, args []string) error // args are those after the name
}

var commands = map[string]command{}

// register adds a command to the table; call it from init().
func register(cmd command) {
	if cmd.name == "" || cmd.run == nil || cmd.summaryID == "" || cmd.usageID == "" {
		panic("otptray-cli: incomplete command registration: " + cmd.name)
	}
	if _, dup := commands[cmd.name]; dup {
		panic("otptray-cli: command registered twice: " + cmd.name)
	}
	commands[cmd.name] = cmd
}

// commandNames lists the commands in the order help shows them.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// cli is one run of the program with everything it touches from outside, so
// tests can drive it in-process with buffers, a fake clock and a Store on a
// keyringtest.MemKeyring.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	now            func() time.Time
	// isTerminal reports whether r is an interactive terminal.
	isTerminal func(r io.Reader) bool
	// readPassword reads a line from the terminal r without echo.
	readPassword func(r io.Reader) ([]byte, error)

	store *token.Store    // opened lazily by openStore; tests set it
	data  *token.Data     // the tokens file as first loaded, cached by load
	loc   *i18n.Localizer // chosen lazily by l()
	trace *tracer         // phase timings when OTPTRAY_TRACE=1

	// keyring keeps the secrets of the store openStore opens: nil is the
	// system keyring (the program never sets another); tests set one.
	keyring token.Keyring

	// releaseInstaller picks the release file that updates this copy and
	// the step that installs it: nil is systemInstaller; tests set one.
	releaseInstaller func(version string) (file string, inst install.Installer, err error)
	// releaseVerifier checks downloaded releases: nil trusts the release
	// keys compiled in; tests set one.
	releaseVerifier *update.Verifier
}

func main() {
	os.Exit(newCLI().run(os.Args[1:]))
}

// newCLI is a cli on the real process: stdio, environment, clock, keyring.
func newCLI() *cli {
	c := &cli{
		stdin:        os.Stdin,
		stdout:       os.Stdout,
		stderr:       os.Stderr,
		env:          os.Getenv,
		now:          time.Now,
		isTerminal:   fileIsTerminal,
		readPassword: readFilePassword,
	}
	c.trace = newTracer(c.env("OTPTRAY_TRACE") == "1", c.stderr)
	return c
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// run executes the command line args (without the program name) and returns
// the exit status.
func (c *cli) run(args []string) int {
	defer c.trace.done()
	if len(args) == 0 {
		c.printGlobalUsage(c.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-v", "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		c.printf(c.stderr, "otptray-cli: %s\n", c.l().Err(unknownCommand(name)))
		c.printShortGlobalUsage(c.stderr)
		return exitUsage
	}
	err := cmd.run(c, args[1:])
	var uerr *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		c.printUsage(c.stdout, cmd)
		return exitOK
	case errors.As(err, &uerr):
		c.printf(c.stderr, "otptray-cli: %s\n", c.l().Err(uerr.err))
		u := cmd
		if other, ok := commands[uerr.cmd]; ok {
			u = other
		}
		if uerr.global {
			c.printShortGlobalUsage(c.stderr)
		} else {
			c.printShortUsage(c.stderr, u)
		}
		return exitUsage
	default:
		c.printf(c.stderr, "otptray-cli: %s\n", c.l().Err(err))
		if hint := errorHint(err); hint != "" {
			c.println(c.stderr, hint)
		}
		return exitError
	}
}

// l is the Localizer: OTPTRAY_LANG, else the language in the settings, else
// the OS locale. It is chosen on first use, so a command that prints only
// digits never loads the catalogue.
func (c *cli) l() *i18n.Localizer {
	if c.loc != nil {
		return c.loc
	}
	lang := c.env("OTPTRAY_LANG")
	if lang == "" {
		if d, err := c.load(); err == nil {
			lang = d.Settings.Language
		}
	}
	c.loc = i18n.New(lang)
	return c.loc
}

// openStore returns the Store, opening it on first use, in the folder
// token.DefaultDirEnv picks from c.env, with the system keyring.
func (c *cli) openStore() (*token.Store, error) {
	if c.store != nil {
		return c.store, nil
	}
	dir, err := token.DefaultDirEnv(c.env)
	if err != nil {
		return nil, err
	}
	kr := c.keyring
	if kr == nil {
		kr = token.SystemKeyring{}
	}
	c.store = token.Open(dir, c.trace.keyring(kr))
	return c.store, nil
}

// load reads the tokens file once per run and keeps what it read: it is a
// snapshot for reading. Commands that change the file go through
// Store.Update, which reads it again under the lock; after an Update, use
// the data Update gave, not load's snapshot.
func (c *cli) load() (*token.Data, error) {
	if c.data != nil {
		return c.data, nil
	}
	s, err := c.openStore()
	if err != nil {
		return nil, err
	}
	stop := c.trace.phase("config read")
	d, err := s.Load()
	stop()
	if err != nil {
		return nil, err
	}
	c.data = d
	return d, nil
}

// printf writes to w; output errors (a closed pipe) are not worth a message.
func (c *cli) printf(w io.Writer, format string, a ...any) {
	_, _ = fmt.Fprintf(w, format, a...)
}

// println writes the catalogue message id to w.
func (c *cli) println(w io.Writer, id string, kv ...any) {
	c.printf(w, "%s\n", c.l().T(id, kv...))
}

func (c *cli) printUsage(w io.Writer, cmd command) {
	c.printf(w, "%s\n", strings.TrimRight(c.l().T(cmd.usageID), "\n"))
}

// printShortUsage prints the synopsis of cmd (its usage up to the first
// blank line) and where the rest is: after a mistake, the whole page would
// push the error out of sight.
func (c *cli) printShortUsage(w io.Writer, cmd command) {
	synopsis, _, _ := strings.Cut(strings.TrimLeft(c.l().T(cmd.usageID), "\n"), "\n\n")
	c.printf(w, "%s\n", synopsis)
	c.println(w, "polishcli.usage.see", "Command", cmd.name)
}

// printShortGlobalUsage is printShortUsage for the program as a whole.
func (c *cli) printShortGlobalUsage(w io.Writer) {
	synopsis, _, _ := strings.Cut(strings.TrimLeft(c.l().T("cli.usage"), "\n"), "\n\n")
	c.printf(w, "%s\n", synopsis)
	c.println(w, "polishcli.usage.see_all")
}

func (c *cli) printGlobalUsage(w io.Writer) {
	loc := c.l()
	c.printf(w, "%s\n", loc.T("cli.usage"))
	width := 0
	for _, n := range commandNames() {
		width = max(width, len(n))
	}
	for _, n := range commandNames() {
		c.printf(w, "  %-*s  %s\n", width, n, loc.T(commands[n].summaryID))
	}
	c.printf(w, "\n%s\n", loc.T("cli.usage.more"))
}

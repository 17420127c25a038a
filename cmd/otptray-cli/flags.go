package main

import (
	"errors"
	"flag"
	"io"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// Flags and arguments, for every command (including those in other files):
//
//	func runFoo(c *cli, args []string) error {
//		fs := newFlagSet("foo")
//		yes := fs.Bool("yes", false, "")
//		pos, err := parseFlags(fs, args)
//		if err != nil {
//			return err // usage error, or -h/--help: run prints the usage
//		}
//		if err := wantArgs("foo", pos, 1, 1); err != nil {
//			return err
//		}
//		...
//	}
//
// parseFlags lets flags stand before, between or after the positional
// arguments (`code bank --at 1700000000` and `code --at 1700000000 bank`);
// the standard flag package alone stops at the first positional. "--" ends
// the flags: everything after it is positional, even if it starts with "-".
// A lone "-" is positional (or a flag's value, as in `--secret -`).
//
// Flag help text lives in the command's usage message in the catalogue, not
// in the flag definitions (leave their usage strings empty): flag's own
// PrintDefaults would be English only.
//
// A command without flags of its own calls positional(cmd, args, min, max).
//
// Errors come back ready to return from run: a *usageError (exit status 2,
// message and the command's usage on stderr), or errHelp for -h/--help
// (usage on stdout, status 0).

// errHelp asks run to print the command's usage and succeed.
var errHelp = errors.New("help requested")

// usageError is a mistake in the command line: run prints it with the usage
// of cmd and exits with status 2. err is a catalogue error (a *msg.Error).
type usageError struct {
	cmd string
	err error
	// global: the mistake is in the command's name, so the program's usage
	// applies, not one command's.
	global bool
}

func (e *usageError) Error() string { return e.cmd + ": " + e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usage makes a usage error for command cmd with catalogue message id.
func usage(cmd, id string, kv ...any) error {
	return &usageError{cmd: cmd, err: msg.New(id, nil, kv...)}
}

// newFlagSet is a FlagSet that reports errors instead of printing them or
// exiting.
func newFlagSet(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with fs, flags and positionals interspersed, and
// returns the positionals in order. See the comment at the top of this file.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs.Name(), err, args)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stopped either at a positional or just after "--". When
		// "--" was the terminator it is the argument before rest.
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" && !isFlagValue(fs, args[:used-1]) {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isFlagValue reports whether the argument after before would be taken as
// the value of a flag: before ends with a non-boolean flag written without
// "=". It tells `--name -- x` (a name "--") from `-- x`.
func isFlagValue(fs *flag.FlagSet, before []string) bool {
	if len(before) == 0 {
		return false
	}
	last := before[len(before)-1]
	if len(last) < 2 || last[0] != '-' || last == "--" || strings.Contains(last, "=") {
		return false
	}
	name := strings.TrimLeft(last, "-")
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	// The flag before may itself be a value (`--name --name -- x`); such
	// command lines are not worth telling apart.
	return true
}

// flagError turns an error of the flag package into a usage error in the
// user's language, naming the flag as the user typed it in args (the flag
// package always writes one dash: "-bogus" for "--bogus"). The flag
// package's texts are stable; anything else is passed on as the cause.
func flagError(cmd string, err error, args []string) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	text := err.Error()
	if name, ok := strings.CutPrefix(text, "flag provided but not defined: "); ok {
		return usage(cmd, "cli.flag.unknown", "Flag", asTyped(name, args))
	}
	if name, ok := strings.CutPrefix(text, "flag needs an argument: "); ok {
		return usage(cmd, "cli.flag.needs_value", "Flag", asTyped(name, args))
	}
	if rest, ok := strings.CutPrefix(text, "invalid value "); ok {
		// invalid value "x" for flag -digits: parse error
		if i := strings.Index(rest, " for flag "); i >= 0 {
			value := rest[:i]
			name, _, _ := strings.Cut(rest[i+len(" for flag "):], ":")
			return usage(cmd, "cli.flag.bad_value", "Flag", asTyped(name, args), "Value", value)
		}
	}
	if rest, ok := strings.CutPrefix(text, "invalid boolean value "); ok {
		// invalid boolean value "x" for -yes: parse error
		if i := strings.Index(rest, " for "); i >= 0 {
			name, _, _ := strings.Cut(rest[i+len(" for "):], ":")
			return usage(cmd, "cli.flag.bad_value", "Flag", asTyped(name, args), "Value", rest[:i])
		}
	}
	return &usageError{cmd: cmd, err: msg.New("cli.flag.bad", err)}
}

// asTyped is the flag the flag package calls name ("-digits") as it stands
// in args ("--digits", "--digits=x": without the value), or name itself.
func asTyped(name string, args []string) string {
	bare := strings.TrimLeft(name, "-")
	for _, a := range args {
		if a == "--" {
			break
		}
		flagPart, _, _ := strings.Cut(a, "=")
		if strings.HasPrefix(flagPart, "-") && strings.TrimLeft(flagPart, "-") == bare {
			return flagPart
		}
	}
	return name
}

// positional parses the arguments of a command that takes no flags (but
// -h/--help and "--") and checks that there are between min and max of them.
func positional(cmd string, args []string, min, max int) ([]string, error) {
	pos, err := parseFlags(newFlagSet(cmd), args)
	if err != nil {
		return nil, err
	}
	if err := wantArgs(cmd, pos, min, max); err != nil {
		return nil, err
	}
	return pos, nil
}

// positionalNamed is positional for a command whose arguments are all
// required: names are the catalogue IDs of their placeholders in the usage
// (NAME, NEW-NAME), so that a missing one is named.
func positionalNamed(cmd string, args []string, names ...string) ([]string, error) {
	pos, err := parseFlags(newFlagSet(cmd), args)
	if err != nil {
		return nil, err
	}
	if err := wantNamedArgs(cmd, pos, names...); err != nil {
		return nil, err
	}
	return pos, nil
}

// wantNamedArgs checks that cmd got exactly the arguments names (catalogue
// IDs of their placeholders), and names the first one missing.
func wantNamedArgs(cmd string, pos []string, names ...string) error {
	if len(pos) < len(names) {
		return usage(cmd, "polishcli.args.missing_named", "Arg", msg.New(names[len(pos)], nil))
	}
	return wantArgs(cmd, pos, len(names), len(names))
}

// wantArgs checks that cmd got between min and max positional arguments
// (max < 0: no limit).
func wantArgs(cmd string, pos []string, min, max int) error {
	switch {
	case len(pos) < min:
		return usage(cmd, "cli.args.missing")
	case max >= 0 && len(pos) > max:
		return usage(cmd, "cli.args.extra", "Args", strings.Join(pos[max:], " "))
	}
	return nil
}

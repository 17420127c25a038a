package main

import (
	"encoding/json"
	"flag"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

func init() {
	register(command{
		name:      "code",
		summaryID: "cli.code.summary",
		usageID:   "cli.code.usage",
		run:       runCode,
	})
}

// codeJSON is what `code --json` prints. The validity fields are absent for
// HOTP codes, which do not expire; counter is present only for them.
type codeJSON struct {
	Name        string  `json:"name"`
	ID          string  `json:"id"`
	Code        string  `json:"code"`
	Next        string  `json:"next"`
	ValidFrom   string  `json:"valid_from,omitempty"`
	ValidUntil  string  `json:"valid_until,omitempty"`
	SecondsLeft *int    `json:"seconds_left,omitempty"`
	Counter     *uint64 `json:"counter,omitempty"`
}

func runCode(c *cli, args []string) error {
	fs := newFlagSet("code")
	next := fs.Bool("next", false, "")
	atFlag := fs.String("at", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("code", pos, 0, 1); err != nil {
		return err
	}
	query := ""
	if len(pos) == 1 {
		query = pos[0]
	}
	now := c.now()
	atSet := flagSet(fs, "at")
	if atSet {
		if now, err = parseTime(*atFlag); err != nil {
			return &usageError{cmd: "code", err: err}
		}
	}

	d, err := c.load()
	if err != nil {
		return err
	}
	t, err := d.Pick(query)
	if err != nil {
		return err
	}
	if t.Kind == token.HOTP {
		if atSet {
			return msg.New("cli.code.at_hotp", nil, "Name", t.Name)
		}
		return c.codeHOTP(query, *next, *asJSON)
	}

	s, _ := c.openStore() // opened by load
	tok, err := s.WithSecret(*t)
	if err != nil {
		return err
	}
	stop := c.trace.phase("code")
	w, err := tok.WindowAt(now, d.Offset())
	if err == nil && *next {
		// The next window is the one that starts when this one ends.
		w, err = tok.WindowAt(w.Until, d.Offset())
		w.SecondsLeft = token.CeilSeconds(w.Until.Sub(now))
	}
	stop()
	if err != nil {
		return err
	}
	if !*asJSON {
		c.printf(c.stdout, "%s\n", w.Code)
		return nil
	}
	left := w.SecondsLeft
	return c.printJSON(codeJSON{
		Name:        tok.Name,
		ID:          tok.ID,
		Code:        w.Code,
		Next:        w.Next,
		ValidFrom:   formatTime(w.From),
		ValidUntil:  formatTime(w.Until),
		SecondsLeft: &left,
	})
}

// codeHOTP prints an HOTP code. Showing a code uses it, so the counter moves
// on in the same locked update that reads it; the code is printed only once
// the new counter is saved, so no code is ever shown twice. --next shows the
// following counter's code and uses neither.
func (c *cli) codeHOTP(query string, next, asJSON bool) error {
	s, err := c.openStore()
	if err != nil {
		return err
	}
	var w token.Window
	var shown token.Token
	err = s.Update(func(d *token.Data) error {
		t, err := d.Pick(query)
		if err != nil {
			return err
		}
		tok, err := s.WithSecret(*t)
		if err != nil {
			return err
		}
		if next {
			tok.Counter++
		}
		stop := c.trace.phase("code")
		w, err = tok.WindowAt(c.now(), d.Offset())
		stop()
		if err != nil {
			return err
		}
		shown = *t
		if next {
			return errNoChange
		}
		t.Counter = w.Counter + 1
		return nil
	})
	if err != nil && err != errNoChange {
		return err
	}
	if !asJSON {
		c.printf(c.stdout, "%s\n", w.Code)
		return nil
	}
	counter := w.Counter
	return c.printJSON(codeJSON{Name: shown.Name, ID: shown.ID, Code: w.Code, Next: w.Next, Counter: &counter})
}

// errNoChange ends a Store.Update without writing.
var errNoChange = &noChange{}

type noChange struct{}

func (*noChange) Error() string { return "no change" }

func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// parseTime reads an instant as RFC 3339 (2024-01-02T15:04:05Z, fractions
// allowed) or as Unix seconds, possibly negative and fractional
// (1700000000.25). Fractions are read exactly, not through a float.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := msg.New("time.parse", nil, "Value", s)
	if strings.ContainsAny(s, "T:-") && !strings.HasPrefix(s, "-") {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, bad
		}
		return t, nil
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" && frac == "" || strings.HasPrefix(whole, "+") {
		return time.Time{}, bad
	}
	sec := int64(0)
	if whole != "" {
		var err error
		if sec, err = strconv.ParseInt(whole, 10, 64); err != nil {
			return time.Time{}, bad
		}
	}
	nsec := int64(0)
	if hasFrac {
		if frac == "" || len(frac) > 9 || strings.Trim(frac, "0123456789") != "" {
			return time.Time{}, bad
		}
		n, _ := strconv.ParseInt((frac + "000000000")[:9], 10, 64)
		nsec = n
	}
	if neg {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec), nil
}

// formatTime is RFC 3339 in UTC, with a fraction only when there is one (a
// fractional clock offset moves the period boundaries off whole seconds).
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

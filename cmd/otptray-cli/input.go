package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/otptray/otptray/internal/msg"
)

// maxInput bounds what is read from standard input: a URI, a secret or a
// password is short; a larger input is a mistake (a wrong file piped in).
const maxInput = 1 << 20

// readSecretInput reads one value that must stay out of argv (an otpauth
// URI, a base32 secret, a password) from standard input.
//
// From a pipe or a file it reads everything and removes one trailing
// newline ("\n" or "\r\n"). From a terminal it prints the catalogue message
// promptID on stderr and reads one line without echo.
func (c *cli) readSecretInput(promptID string) (string, error) {
	if c.isTerminal(c.stdin) {
		c.printf(c.stderr, "%s", c.l().T(promptID))
		b, err := c.readPassword(c.stdin)
		c.printf(c.stderr, "\n")
		if err != nil {
			return "", msg.New("cli.stdin.read", err)
		}
		return string(b), nil
	}
	return c.readPipedInput()
}

// readPipedInput reads all of standard input, which must not be a terminal
// (for data such as a file to import, which nobody types), and removes one
// trailing newline.
func (c *cli) readPipedInput() (string, error) {
	if c.isTerminal(c.stdin) {
		return "", msg.New("cli.stdin.terminal", nil)
	}
	b, err := io.ReadAll(io.LimitReader(c.stdin, maxInput+1))
	if err != nil {
		return "", msg.New("cli.stdin.read", err)
	}
	if len(b) > maxInput {
		return "", msg.New("cli.stdin.too_long", nil, "Max", maxInput)
	}
	s := string(b)
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		s = strings.TrimSuffix(t, "\r")
	}
	return s, nil
}

// confirm asks a yes/no question on a terminal (stderr) and reads the answer
// from stdin; only "y" or "yes" (or the catalogue's own yes words) is yes.
func (c *cli) confirm(promptID string, kv ...any) (bool, error) {
	c.printf(c.stderr, "%s", c.l().T(promptID, kv...))
	var line []byte
	buf := make([]byte, 1)
	for {
		n, err := c.stdin.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			line = append(line, buf[0])
			if len(line) > 100 {
				break
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, msg.New("cli.stdin.read", err)
		}
	}
	answer := strings.ToLower(string(bytes.TrimSpace(line)))
	for _, yes := range strings.Split(c.l().T("cli.confirm.yes_words"), ",") {
		if answer != "" && answer == strings.TrimSpace(yes) {
			return true, nil
		}
	}
	return false, nil
}

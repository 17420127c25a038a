package main

import (
	"errors"
	"io"
	"os"
	"os/signal"

	"golang.org/x/term"
)

func fileIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// readFilePassword reads a line from the terminal r without echo. If the
// user presses Ctrl-C meanwhile, the echo is turned back on before the
// program ends, so the shell is not left typing blind.
func readFilePassword(r io.Reader) ([]byte, error) {
	f, ok := r.(*os.File)
	if !ok {
		return nil, errors.New("not a terminal")
	}
	fd := int(f.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	done := make(chan struct{})
	defer func() {
		signal.Stop(interrupt)
		close(done)
	}()
	go func() {
		select {
		case <-interrupt:
			_ = term.Restore(fd, state)
			_, _ = os.Stderr.WriteString("\n")
			os.Exit(130) // as a shell reports death by SIGINT
		case <-done:
		}
	}()
	return term.ReadPassword(fd)
}

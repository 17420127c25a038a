package main

import (
	"context"
	"os"

	"golang.org/x/term"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/update"
	"github.com/otptray/otptray/update/install"
)

// installUpdate downloads the release res names, checks it and installs
// it, with a progress line on a terminal.
func (c *cli) installUpdate(res update.Result) error {
	pick := c.releaseInstaller
	if pick == nil {
		pick = systemInstaller
	}
	file, inst, err := pick(res.Latest)
	if err != nil {
		return msg.New("update.install", err, "Version", res.Latest)
	}
	v := c.releaseVerifier
	if v == nil {
		if v, err = update.NewVerifier(); err != nil {
			return err
		}
	}
	u := &install.Updater{Verifier: v, Installer: inst}
	bar := c.progressBar(file)
	if bar != nil {
		u.Progress = bar.show
		defer bar.end()
	}
	if err := u.Install(context.Background(), version, res, file); err != nil {
		return err
	}
	if bar != nil {
		bar.end()
	}
	c.println(c.stdout, "update.cli.installing", "Version", res.Latest, "File", file)
	return nil
}

// progress is the download's line on the terminal, rewritten in place as
// the percentage grows.
type progress struct {
	c       *cli
	file    string
	percent int
	shown   bool
}

// progressBar is nil unless stderr is a terminal.
func (c *cli) progressBar(file string) *progress {
	f, ok := c.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{c: c, file: file, percent: -1}
}

func (p *progress) show(done, total int64) {
	if total <= 0 {
		return
	}
	pc := int(done * 100 / total)
	if pc == p.percent {
		return
	}
	p.percent, p.shown = pc, true
	p.c.printf(p.c.stderr, "\r%s", p.c.l().T("update.cli.progress", "File", p.file, "Percent", pc))
}

func (p *progress) end() {
	if p.shown {
		p.c.printf(p.c.stderr, "\n")
		p.shown = false
	}
}

package main

import (
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
)

func init() {
	register(command{
		name:      "time",
		summaryID: "cli.time.summary",
		usageID:   "cli.time.usage",
		run:       runTime,
	})
}

// runTime measures the clock offset and stores it (time), prints the stored
// one (time --show), or forgets it (time --reset).
func runTime(c *cli, args []string) error {
	fs := newFlagSet("time")
	show := fs.Bool("show", false, "")
	reset := fs.Bool("reset", false, "")
	ntpFlag := fs.String("ntp", "", "")
	httpsFlag := fs.String("https", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("time", pos, 0, 0); err != nil {
		return err
	}
	measureFlags := flagSet(fs, "ntp") || flagSet(fs, "https")
	switch {
	case *show && *reset:
		return usage("time", "cli.time.show_and_reset")
	case (*show || *reset) && measureFlags:
		return usage("time", "cli.time.servers_need_measure")
	case *show:
		return c.showClock()
	case *reset:
		return c.resetClock()
	}

	cfg := clocksync.Config{UserAgent: "otptray/" + version, Now: c.now}
	servers := *ntpFlag
	if !flagSet(fs, "ntp") {
		servers = c.env(clocksync.EnvNTPServers)
	}
	cfg.SetNTPServers(servers)
	fallback := *httpsFlag
	if !flagSet(fs, "https") {
		fallback = c.env(clocksync.EnvTimeURL)
	}
	cfg.SetHTTPSURL(fallback)

	s, err := c.openStore()
	if err != nil {
		return err
	}
	if _, err := c.load(); err != nil {
		return err
	}
	ctx, cancel := interruptible()
	defer cancel()
	r, err := clocksync.Measure(ctx, cfg)
	if err != nil {
		return err
	}
	stored := r.Stored()
	err = s.Update(func(d *token.Data) error {
		d.Settings.SetClock(stored, r.Source, c.now())
		return nil
	})
	if err != nil {
		return err
	}
	precision := c.duration(r.Precision)
	switch {
	case stored == 0:
		c.println(c.stdout, "cli.time.right", "Offset", c.duration(r.Offset), "Source", r.Source, "Precision", precision)
	case stored < 0:
		c.println(c.stdout, "cli.time.fast", "Offset", c.duration(-stored), "Source", r.Source, "Precision", precision)
	default:
		c.println(c.stdout, "cli.time.slow", "Offset", c.duration(stored), "Source", r.Source, "Precision", precision)
	}
	return nil
}

func (c *cli) showClock() error {
	d, err := c.load()
	if err != nil {
		return err
	}
	st := d.Settings
	off := d.Offset()
	checked := ""
	if !st.ClockChecked.IsZero() {
		checked = st.ClockChecked.UTC().Format(time.RFC3339)
	}
	switch {
	case st.ClockChecked.IsZero() && off == 0:
		c.println(c.stdout, "cli.time.show_never")
	case off == 0:
		c.println(c.stdout, "cli.time.show_right", "Source", st.ClockSource, "Checked", checked)
	case off < 0:
		c.println(c.stdout, "cli.time.show_fast", "Offset", c.duration(-off), "Source", st.ClockSource, "Checked", checked)
	default:
		c.println(c.stdout, "cli.time.show_slow", "Offset", c.duration(off), "Source", st.ClockSource, "Checked", checked)
	}
	return nil
}

func (c *cli) resetClock() error {
	s, err := c.openStore()
	if err != nil {
		return err
	}
	err = s.Update(func(d *token.Data) error {
		d.Settings.SetClock(0, "", time.Time{})
		return nil
	})
	if err != nil {
		return msg.New("cli.time.reset_failed", err)
	}
	c.println(c.stdout, "cli.time.reset")
	return nil
}

// duration writes an offset in the user's language.
func (c *cli) duration(d time.Duration) string { return clocksync.Text(c.l().T, d) }

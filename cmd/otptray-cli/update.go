package main

import (
	"context"

	"github.com/otptray/otptray/update"
)

func init() {
	register(command{
		name:      "update",
		summaryID: "update.cli.summary",
		usageID:   "update.cli.usage",
		run:       runUpdate,
	})
}

// runUpdate asks the release feed whether a newer otptray exists: --feed,
// else OTPTRAY_UPDATE_FEED, else the update_feed setting, else the project's
// releases on GitHub.
func runUpdate(c *cli, args []string) error {
	fs := newFlagSet("update")
	feed := fs.String("feed", "", "")
	doInstall := fs.Bool("install", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("update", pos, 0, 0); err != nil {
		return err
	}
	url := *feed
	if url == "" {
		url = c.env("OTPTRAY_UPDATE_FEED")
	}
	if url == "" {
		d, err := c.load()
		if err != nil {
			return err
		}
		url = d.Settings.UpdateFeed
	}
	if url == "" {
		url = update.DefaultFeedURL
	}
	res, err := update.Check(context.Background(), url, version)
	if err != nil {
		return err
	}
	if *doInstall && (res.Newer || res.Dev) {
		// A development build is refused by the install, with the reason.
		return c.installUpdate(res)
	}
	switch {
	case res.Dev:
		c.println(c.stdout, "update.dev", "Version", res.Latest)
	case res.Newer:
		c.println(c.stdout, "update.cli.newer", "Version", res.Latest, "Current", version, "URL", res.URL)
	default:
		c.println(c.stdout, "update.latest", "Version", version)
	}
	return nil
}

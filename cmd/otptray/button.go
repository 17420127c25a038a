package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/desktop"
)

// pressButton hands the press of a toast's button, which started us with
// its otptray: URL, to the running tray (exit status 0). A URL that is not
// one of a button is a usage error (2) and reaches nothing; without a
// running tray there is nothing to press (1).
func pressButton(loc *i18n.Localizer, url string) int {
	dir, err := token.DefaultDir()
	if err == nil {
		err = desktop.ForwardToastURL(dir, url)
	}
	if err == nil {
		return 0
	}
	fmt.Fprintln(os.Stderr, "otptray: "+loc.Err(err))
	var m *msg.Error
	if errors.As(err, &m) && m.ID == "wintoast12.bad_url" {
		return 2
	}
	return 1
}

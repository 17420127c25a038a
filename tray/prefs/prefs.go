// Package prefs holds the tray's own preferences. They live in the
// settings object of the tokens file beside the settings both programs read
// (token.Settings), which keeps them unread for programs that do not know
// them; the file on disk is the same as when they were fields of
// token.Settings.
package prefs

import (
	"fmt"
	"time"

	"github.com/otptray/otptray/token"
)

// Prefs are the tray's choices. Zero values are the defaults.
type Prefs struct {
	HideCredentialID bool   `json:"hide_credential_id,omitempty"`
	HotkeyOff        bool   `json:"hotkey_off,omitempty"`
	Hotkey           string `json:"hotkey,omitempty"`      // "" is the default combination
	Notify           string `json:"notify,omitempty"`      // "" (after a copy), "off", "change"
	ClearAfter       int    `json:"clear_after,omitempty"` // seconds; 0 default (30), -1 never
	LeftClick        string `json:"left_click,omitempty"`  // "" (copy), "menu"
	AutostartOff     bool   `json:"autostart_off,omitempty"`
	FirstRunDone     bool   `json:"first_run_done,omitempty"`
	// TrayHint is the first-run notification saying where the icon is:
	// "" not owed (a user from before it), TrayHintDue, TrayHintShown.
	TrayHint string `json:"tray_hint,omitempty"`

	// BackupReminded is when the tray last toasted that the backup is old
	// (at most once a week).
	BackupReminded time.Time `json:"backup_reminded,omitzero"`

	// The daily update check runs unless UpdateCheckOff; UpdateChecked is
	// when the last automatic check ran.
	UpdateCheckOff bool      `json:"update_check_off,omitempty"`
	UpdateChecked  time.Time `json:"update_checked,omitzero"`
}

// The states of Prefs.TrayHint.
const (
	TrayHintDue   = "due"
	TrayHintShown = "shown"
)

// Of reads the tray's preferences from s.
func Of(s token.Settings) (Prefs, error) {
	var p Prefs
	if err := s.Decode(&p); err != nil {
		return Prefs{}, fmt.Errorf("tray settings: %w", err)
	}
	return p, nil
}

// Put writes p into s, leaving the other settings as they are.
func Put(s *token.Settings, p Prefs) error {
	return s.Encode(p)
}

// Change applies change to the preferences in d's settings: the function
// to hand to token.Store.Update.
func Change(change func(*Prefs)) func(d *token.Data) error {
	return func(d *token.Data) error {
		p, err := Of(d.Settings)
		if err != nil {
			return err
		}
		change(&p)
		return Put(&d.Settings, p)
	}
}

// Package prefs holds the tray's own preferences, their defaults and their
// checks. They live in the settings object of the tokens file beside the
// settings both programs read (token.Settings), which keeps them unread for
// programs that do not know them.
//
// The package is not under tray/ because otptray-cli sets these preferences
// too (`otptray-cli set`), with the same checks and messages as the tray,
// and must link no GUI library; so prefs imports nothing but token, the
// message type, the template parser and its own hotkey parser (combo).
// Choices about the user interface that concern a token (its typing
// template, hotkeys, window rules) are kept here by token ID, so token/
// stays free of them.
package prefs

import (
	"encoding/json"
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

	// Typing the code into the focused window.
	TypeHotkeyOff bool   `json:"type_hotkey_off,omitempty"`
	TypeHotkey    string `json:"type_hotkey,omitempty"` // "" is DefaultTypeHotkey
	// TypeMinLeft is how many seconds a code must have left to be typed
	// (else the next one is): 0 is the default (DefaultTypeMinLeft), -1 none.
	TypeMinLeft int `json:"type_min_left,omitempty"`

	// ClearAfterPaste clears the clipboard once a program has pasted the
	// code (X11 and Wayland, where the clipboard owner serves each paste).
	ClearAfterPaste bool `json:"clear_after_paste,omitempty"`

	// The number hotkeys of the first nine tokens (numberkeys.go).
	NumberTypeHotkeys bool `json:"number_type_hotkeys,omitempty"`
	NumberCopyHotkeys bool `json:"number_copy_hotkeys,omitempty"`

	// Tokens are the per-token choices by token ID; a token without an
	// entry has the defaults.
	Tokens map[string]TokenPrefs `json:"token_prefs,omitempty"`
}

// TokenPrefs are the choices for one token. Zero values are the defaults.
type TokenPrefs struct {
	Template   string   `json:"template,omitempty"`    // "" is DefaultTemplate
	CopyHotkey string   `json:"copy_hotkey,omitempty"` // "" none
	TypeHotkey string   `json:"type_hotkey,omitempty"` // "" none
	Windows    []string `json:"windows,omitempty"`     // window title or program name parts
}

// IsZero reports whether t has only defaults (and need not be kept).
func (t TokenPrefs) IsZero() bool {
	return t.Template == "" && t.CopyHotkey == "" && t.TypeHotkey == "" && len(t.Windows) == 0
}

// Token returns the choices for the token with ID id.
func (p Prefs) Token(id string) TokenPrefs { return p.Tokens[id] }

// SetToken keeps t as the choices for token id, dropping an entry of
// defaults only.
func (p *Prefs) SetToken(id string, t TokenPrefs) {
	if t.IsZero() {
		delete(p.Tokens, id)
		if len(p.Tokens) == 0 {
			p.Tokens = nil
		}
		return
	}
	if p.Tokens == nil {
		p.Tokens = map[string]TokenPrefs{}
	}
	p.Tokens[id] = t
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
// to hand to token.Store.Update. A change that would make valid
// preferences invalid (two hotkeys on one combination) is refused with
// Check's error and nothing is written; preferences already invalid in the
// file (edited by hand) do not block other changes.
func Change(change func(*Prefs)) func(d *token.Data) error {
	return func(d *token.Data) error {
		return edit(d, func(p *Prefs) error { change(p); return nil })
	}
}

// edit is Change with a change that may fail, writing nothing then.
func edit(d *token.Data, change func(*Prefs) error) error {
	p, err := Of(d.Settings)
	if err != nil {
		return err
	}
	before := Check(p, d)
	if err := change(&p); err != nil {
		return err
	}
	if err := Check(p, d); err != nil && before == nil {
		return err
	}
	return Put(&d.Settings, p)
}

// ForgetToken drops the choices for the token with ID id: hand it to
// token.Store.Remove, so they go with the token. It touches only that
// entry, so a preference the program cannot read does not keep a token
// from being removed.
func ForgetToken(id string) func(d *token.Data) error {
	return func(d *token.Data) error {
		raw, ok := d.Settings.Other[tokensKey]
		if !ok {
			return nil
		}
		var entries map[string]json.RawMessage
		if err := json.Unmarshal(raw, &entries); err != nil {
			return nil // not ours to repair here; Of reports it
		}
		if _, ok := entries[id]; !ok {
			return nil
		}
		delete(entries, id)
		if len(entries) == 0 {
			delete(d.Settings.Other, tokensKey)
			return nil
		}
		b, err := json.Marshal(entries)
		if err != nil {
			return err
		}
		d.Settings.Other[tokensKey] = b
		return nil
	}
}

// tokensKey is the JSON key of Prefs.Tokens.
const tokensKey = "token_prefs"

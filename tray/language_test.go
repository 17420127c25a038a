package tray

import (
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// TestLanguageOverride: OTPTRAY_LANG outranks the setting for the run, as
// in the CLI, until a language is picked in the menu; an unknown value is
// English, and the tray says so.
func TestLanguageOverride(t *testing.T) {
	tests := []struct {
		name, setting, env string
		settings           string // the label of Settings
		toast              string // part of the one notification, "" none
	}{
		{"none", "ja", "", "設定", ""},
		{"over the setting", "en", "ja", "設定", ""},
		{"over the system", "", "ja", "設定", ""},
		{"English over Japanese", "ja", "en", "Settings", ""},
		{"system", "ja", "system", "Settings", ""}, // the harness's LANG is en_US
		{"unknown", "ja", "klingon", "Settings",
			`OTPTRAY_LANG is "klingon", which is not a language otptray has (en, ja): it uses English.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if err := h.store.Update(func(d *token.Data) error { d.Settings.Language = tt.setting; return nil }); err != nil {
				t.Fatal(err)
			}
			h.app.LanguageOverride = tt.env
			now := unix(vecBoundary)
			h.start(now)
			h.app.noteUnknownLanguage()
			h.settle()
			if got := h.ui.label(t, menu.KeySettings); got != tt.settings {
				t.Errorf("Settings reads %q, want %q", got, tt.settings)
			}
			switch {
			case tt.toast == "" && len(h.sys.toasts) != 0:
				t.Errorf("notifications %v, want none", h.sys.toasts)
			case tt.toast != "" && (len(h.sys.toasts) != 1 || !strings.Contains(h.sys.toasts[0].body, tt.toast)):
				t.Errorf("notifications %v, want one saying %q", h.sys.toasts, tt.toast)
			}
		})
	}
	t.Run("a choice in the menu ends it", func(t *testing.T) {
		h := newHarness(t)
		h.app.LanguageOverride = "ja"
		now := unix(vecBoundary)
		h.start(now)
		h.click(menu.KeyLang+"en", now)
		h.refresh(now)
		if got := h.ui.label(t, menu.KeySettings); got != "Settings" {
			t.Errorf("after choosing English Settings reads %q", got)
		}
	})
}

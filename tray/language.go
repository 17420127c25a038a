package tray

import (
	"slices"
	"strings"

	"github.com/otptray/otptray/i18n"
)

// language is the language of the menu and messages: OTPTRAY_LANG
// (app.LanguageOverride) as the CLI reads it, else the setting.
func (a *app) language(setting string) string {
	if a.LanguageOverride != "" {
		return a.LanguageOverride
	}
	return setting
}

// noteUnknownLanguage says, once at start, that OTPTRAY_LANG names no
// language otptray has and English is used instead (i18n.New falls back
// silently), on standard error and in a notification, since on Windows
// the tray has no console.
func (a *app) noteUnknownLanguage() {
	lang := a.LanguageOverride
	if lang == "" || lang == "system" || slices.Contains(i18n.Languages, lang) {
		return
	}
	loc := i18n.New(lang)
	text := loc.T("install.lang.unknown", "Value", lang, "Known", strings.Join(i18n.Languages, ", "))
	logf("%s", text)
	a.notify(loc.T("tray.toast.problem_title"), text)
}

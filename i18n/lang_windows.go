package i18n

import "golang.org/x/sys/windows"

// osLanguage is the first of the user's preferred UI languages.
func osLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}

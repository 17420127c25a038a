//go:build !windows && !darwin

package i18n

// osLanguage: elsewhere the environment (LANG and friends) is the OS setting.
func osLanguage() string { return "" }

package combo

import "github.com/otptray/otptray/i18n"

// inEnglish is what an English-speaking user reads for err.
func inEnglish(err error) string { return i18n.English().Err(err) }

package clocksync

import "github.com/otptray/otptray/token"

// English text of this package's errors; the Japanese is in the message
// catalogue (vip.ja.toml).
func init() {
	token.RegisterMessages(map[string]string{
		"clocksync.failed":      "cannot measure the clock: no time server answered ({{.Detail}}); the stored correction was left as it was",
		"clocksync.no_servers":  "cannot measure the clock: no time server is configured",
		"clocksync.canceled":    "the clock measurement was cancelled",
		"clocksync.absurd_fast": "this computer's clock is about {{.Minutes}} minutes fast according to {{.Source}}, more than an hour: otptray does not correct that much. Fix the system clock itself (date, time and time zone in the system settings), then measure again",
		"clocksync.absurd_slow": "this computer's clock is about {{.Minutes}} minutes slow according to {{.Source}}, more than an hour: otptray does not correct that much. Fix the system clock itself (date, time and time zone in the system settings), then measure again",
		"clocksync.bad_url":     "{{.URL}} cannot be used to read the time: use an https:// address",
	})
}

package i18n

// Packages that register their English messages with token.RegisterMessages
// must be linked into this test so the catalogue check sees those messages.
import (
	_ "github.com/otptray/otptray/token/clocksync"
	_ "github.com/otptray/otptray/token/vip"
)

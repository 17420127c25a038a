package i18n

// token/transfer registers its English messages with token.RegisterMessages;
// linking it here lets the catalogue check see them.
import _ "github.com/otptray/otptray/token/transfer"

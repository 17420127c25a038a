package token

// Error is a domain error the user may see. ID names its text in the message
// catalogue, so the tray and the CLI can show it in the user's language;
// Error() renders the English text kept in Messages.
type Error struct {
	ID   string
	Args map[string]any
	Err  error // the cause, if any; shown after the message
}

// NewError makes an Error; kv are alternating names and values for the
// message template. Other packages register their English text with
// RegisterMessages and use it too.
func NewError(id string, cause error, kv ...any) *Error {
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	return &Error{ID: id, Args: args, Err: cause}
}

func (e *Error) Error() string {
	s := Render(Messages[e.ID], e.Args)
	if s == "" {
		s = e.ID
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// MessageID and MessageArgs let the catalogue translate the error without
// this package knowing the catalogue.
func (e *Error) MessageID() string           { return e.ID }
func (e *Error) MessageArgs() map[string]any { return e.Args }
func (e *Error) Cause() error                { return e.Err }

// Render fills a message template (see MessageTemplate) with args; a
// template that does not parse or run is returned as it is.
func Render(tmpl string, args map[string]any) string {
	s, err := RenderMessage(tmpl, args)
	if err != nil {
		return tmpl
	}
	return s
}

// RegisterMessages adds English message templates for Error IDs; call it from
// an init function. The message catalogue takes every registered text as its
// English entry and must translate each one.
func RegisterMessages(m map[string]string) {
	for k, v := range m {
		if _, dup := Messages[k]; dup {
			panic("token: message ID registered twice: " + k)
		}
		Messages[k] = v
	}
}

var newErr = NewError

// Messages holds the English text of every registered Error ID.
var Messages = map[string]string{
	"token.digits":                "digits must be between 6 and 8 (5 for Steam), not {{.Digits}}",
	"token.period":                "period must be between 1 and 3600 seconds, not {{.Period}}",
	"token.algorithm":             "unknown algorithm {{printf \"%q\" .Algorithm}} (use SHA1, SHA256 or SHA512)",
	"token.kind":                  "unknown token type {{printf \"%q\" .Kind}} (use totp, hotp or steam)",
	"token.no_secret":             "the token has no secret",
	"token.no_name":               "the token has no name",
	"secret.base32":               "the secret is not valid base32 (letters A-Z and digits 2-7)",
	"secret.empty":                "the secret is empty",
	"uri.parse":                   "not a valid otpauth URI",
	"uri.scheme":                  "wrong scheme {{printf \"%q\" .Scheme}}: an otpauth URI starts with otpauth://",
	"uri.type":                    "unknown OTP type {{printf \"%q\" .Type}} in the URI (use totp, hotp or steam)",
	"uri.label":                   "the URI has no label (otpauth://totp/Issuer:account?...)",
	"uri.missing_secret":          "the URI has no secret= parameter",
	"uri.field":                   "bad {{.Field}} in the URI",
	"uri.digits":                  "bad digits={{.Value}} in the URI: digits must be 6, 7 or 8 (5 for Steam)",
	"uri.period":                  "bad period={{.Value}} in the URI: the period must be a whole number of seconds from 1 to 3600",
	"uri.counter":                 "bad counter={{.Value}} in the URI: the counter must be a whole number 0 or more",
	"uri.algorithm":               "bad algorithm={{.Value}} in the URI: use SHA1, SHA256 or SHA512",
	"uri.counter_totp":            "counter= belongs to hotp URIs, not totp",
	"store.read":                  "cannot read the tokens file {{.Path}}",
	"store.corrupt":               "the tokens file {{.Path}} is damaged ({{.Detail}}); it was left untouched, and the previous version is kept in {{.Backup}}",
	"store.corrupt_nobackup":      "the tokens file {{.Path}} is damaged ({{.Detail}}); it was left untouched (there is no backup)",
	"store.schema":                "the tokens file {{.Path}} was written by a newer otptray (schema {{.Schema}}); update otptray",
	"store.write":                 "cannot save the tokens file {{.Path}}",
	"store.locked":                "another otptray process is changing the tokens (lock {{.Path}}); try again in a moment",
	"store.lock":                  "cannot lock the tokens file {{.Path}}",
	"store.dir":                   "cannot create the data folder {{.Path}}",
	"store.not_found":             "no token matches {{printf \"%q\" .Query}}",
	"store.ambiguous":             "{{printf \"%q\" .Query}} matches several tokens: {{.Candidates}}",
	"store.no_default":            "there are {{.Count}} tokens and none is the default: name one, or set one with 'otptray-cli default NAME'",
	"store.empty":                 "there are no tokens yet: add one with 'otptray-cli add'",
	"store.name_taken":            "a token named {{printf \"%q\" .Name}} already exists",
	"store.secret_left":           "the token was removed from the list, but its secret could not be deleted from the system keyring (entry {{.ID}} of service otptray); delete it there by hand",
	"store.no_id":                 "no token has the ID {{.ID}}",
	"keyring.unavailable_unix":    "the system keyring (Secret Service) is not available: {{.Detail}}. otptray keeps secrets only there: start gnome-keyring (gnome-keyring-daemon --start --components=secrets) or KeePassXC with its Secret Service integration, unlock it, and try again",
	"keyring.unavailable_windows": "the Windows Credential Manager refused the request: {{.Detail}}. otptray keeps secrets only there: sign in to Windows normally (not as a service) and try again",
	"keyring.unavailable_darwin":  "the macOS Keychain refused the request: {{.Detail}}. otptray keeps secrets only there: unlock the login keychain in Keychain Access and try again",
	"keyring.missing":             "the secret of {{printf \"%q\" .Name}} is missing from the system keyring",
	"keyring.failed":              "the system keyring refused the request",
	"keyring.bad_entry":           "the system keyring entry {{.ID}} (service {{.Service}}) does not hold a secret otptray wrote; remove the token and add it again",
	"time.parse":                  "cannot read the time {{printf \"%q\" .Value}}: use RFC 3339 (2024-01-02T15:04:05Z) or Unix seconds",
}

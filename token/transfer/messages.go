package transfer

import "github.com/otptray/otptray/token"

// The English text of this package's errors; the Japanese is in the message
// catalogue (transfer.ja.toml).
func init() {
	token.RegisterMessages(map[string]string{
		"transfer.read":             "cannot read the input",
		"transfer.too_large":        "the input is larger than {{.Max}} MiB: that is not an export of tokens",
		"transfer.unknown_format":   "cannot tell the format of the input: give it with --format (uri, google, qr, aegis, 2fas, andotp, vipaccess)",
		"transfer.format":           "unknown format {{printf \"%q\" .Format}} (use one of: {{.Formats}})",
		"transfer.not_text":         "the input is not text, so it holds no otpauth URIs",
		"transfer.no_uri":           "the input holds no otpauth:// or otpauth-migration:// URI",
		"transfer.text_line":        "line {{.Line}} is neither an otpauth:// nor an otpauth-migration:// URI; nothing was imported",
		"transfer.line":             "line {{.Line}}",
		"transfer.need_password":    "the file is encrypted: a password is needed",
		"transfer.wrong_password":   "wrong password (or the file is damaged); nothing was imported",
		"transfer.unsupported_kind": "{{.Kind}} tokens are not supported",
		"transfer.md5":              "MD5 tokens are not supported",
		"transfer.algorithm":        "the algorithm {{printf \"%v\" .Algorithm}} is not supported (only SHA1, SHA256, SHA512)",
		"transfer.digits":           "unknown digits value {{.Digits}}",
		"transfer.type":             "unknown token type {{.Type}}",
		"transfer.counter":          "the counter is negative",

		"transfer.migration.uri":     "not an otpauth-migration:// URI",
		"transfer.migration.no_data": "the otpauth-migration:// URI has no data= part",
		"transfer.migration.data":    "the data= part of the otpauth-migration:// URI is not valid base64 (was the URI cut short?)",
		"transfer.migration.corrupt": "the Google Authenticator export is damaged (the data does not decode)",

		"transfer.aegis.json":             "the file is not a valid Aegis vault (broken JSON)",
		"transfer.aegis.version":          "unknown Aegis vault version {{.Version}}",
		"transfer.aegis.no_db":            "the Aegis vault has no db part",
		"transfer.aegis.db":               "the contents of the Aegis vault are damaged",
		"transfer.aegis.db_version":       "the Aegis vault's contents have version {{.Version}}, which this otptray does not know (1 to 3)",
		"transfer.aegis.no_params":        "the encrypted Aegis vault lacks its nonce and tag (header.params)",
		"transfer.aegis.no_password_slot": "the Aegis vault can only be opened with a phone's fingerprint key, not a password: in Aegis, set a password, export again and import that file",
		"transfer.aegis.slot":             "a password slot of the Aegis vault is damaged",
		"transfer.aegis.scrypt":           "the Aegis vault asks for unusable scrypt parameters (N={{.N}}, r={{.R}}, p={{.P}})",
		"transfer.aegis.db_auth":          "the password is right but the Aegis vault's contents are damaged",

		"transfer.twofas.json":      "the file is not a valid 2FAS backup (broken JSON)",
		"transfer.twofas.no_schema": "the file has no schemaVersion: not a 2FAS backup",
		"transfer.twofas.schema":    "this 2FAS backup has schema version {{.Schema}}, newer than the versions otptray reads (1 to {{.Max}}): update otptray to import it",
		"transfer.twofas.encrypted": "the encrypted part of the 2FAS backup is damaged",
		"transfer.twofas.damaged":   "the password is right but the 2FAS backup's contents are damaged",

		"transfer.andotp.json":           "the file is not a valid andOTP backup (broken JSON)",
		"transfer.andotp.short":          "the encrypted andOTP backup is too short: it is cut off",
		"transfer.andotp.iterations":     "the encrypted andOTP backup claims {{.Iterations}} key iterations: it is damaged or not an andOTP file",
		"transfer.andotp.wrong_password": "wrong password, or the encrypted andOTP backup is damaged; nothing was imported",

		"transfer.qr.image":      "cannot read the image",
		"transfer.qr.image_size": "the image is too large ({{.Width}}×{{.Height}} pixels)",
		"transfer.qr.none":       "no QR code was found in the image",
		"transfer.qr.not_token":  "the image has {{.Count}} QR code(s), but none holds a token (otpauth:// or otpauth-migration://)",
		"transfer.qr.encode":     "cannot draw the QR code",
		"transfer.qr.other":      "a QR code that holds no token (not otpauth://) was left out",

		"transfer.export.exists":           "{{.Path}} already exists; exports never overwrite a file: choose another name",
		"transfer.export.create":           "cannot create {{.Path}}",
		"transfer.export.write":            "cannot write {{.Path}} (the partial file was removed)",
		"transfer.export.password_short":   "the password must have at least {{.Min}} characters",
		"transfer.export.google_steam":     "Google Authenticator has no Steam tokens",
		"transfer.export.google_algorithm": "Google Authenticator reads only SHA1 tokens reliably, not {{.Algorithm}}",
		"transfer.export.google_digits":    "Google Authenticator reads only 6-digit tokens reliably, not {{.Digits}}",
		"transfer.export.google_period":    "Google Authenticator reads only 30-second tokens, not {{.Period}} seconds",
	})
}

package vip

import "github.com/otptray/otptray/token"

// English text of this package's errors; the Japanese is in the message
// catalogue (vip.ja.toml).
func init() {
	token.RegisterMessages(map[string]string{
		"vip.endpoint_bad":     "{{printf \"%q\" .URL}} is not a valid server address",
		"vip.endpoint_scheme":  "refusing to contact {{.URL}}: only https:// addresses are allowed (http:// only to this computer, for tests)",
		"vip.too_large":        "the answer from {{.Host}} is larger than {{.Limit}} bytes; it was not read to the end and nothing was stored",
		"vip.http_status":      "{{.Host}} answered with HTTP status {{.Status}} instead of a result{{if .Answer}} ({{.Answer}}){{end}}; try again later",
		"vip.timeout":          "{{.Host}} did not answer within {{.Seconds}} seconds; check the network connection and try again",
		"vip.canceled":         "the request to {{.Host}} was cancelled",
		"vip.network":          "cannot reach {{.Host}}; check the network connection (and any proxy) and try again",
		"vip.redirects":        "{{.Host}} redirected too many times",
		"vip.model":            "{{printf \"%q\" .Model}} is not a token model: a model is 3 or 4 letters or digits, such as SYDC, SYMC, VSST or VSMT",
		"vip.reason.4E00":      "the VIP service rejected the request as malformed (code {{.Code}}: {{.Message}}); the token model {{.Model}} may be misspelt: try SYDC",
		"vip.reason.4E0D":      "the VIP service does not issue the token model {{.Model}} (code {{.Code}}: {{.Message}}); try SYDC, SYMC or VSST",
		"vip.reason.4F04":      "the VIP service no longer accepts requests from this kind of client (code {{.Code}}: {{.Message}}); otptray needs an update to provision new credentials",
		"vip.reason.other":     "the VIP service refused to issue a credential (code {{.Code}}: {{.Message}})",
		"vip.response_xml":     "the VIP service sent an answer that is not valid XML ({{.Detail}}); nothing was stored",
		"vip.request_id":       "the VIP service's answer belongs to another request (RequestId {{.Got}}, expected {{.Want}}); nothing was stored",
		"vip.response_missing": "the VIP service's answer has no {{.Field}}; nothing was stored",
		"vip.response_field":   "the VIP service's answer has an invalid {{.Field}}; nothing was stored",
		"vip.decrypt_iv":       "the VIP service's answer has an IV that is not 16 bytes; nothing was stored",
		"vip.decrypt_blocks":   "the secret in the VIP service's answer is not a whole number of AES blocks; nothing was stored",
		"vip.decrypt_padding":  "the secret in the VIP service's answer does not decrypt (bad padding: the encryption key has changed or the answer is damaged); nothing was stored",
		"vip.decrypt_length":   "the secret in the VIP service's answer is {{.Length}} bytes long instead of 20; nothing was stored",
		"vip.cred_id":          "{{printf \"%q\" .ID}} is not a VIP credential ID (a model prefix and 8 digits, such as SYDC12345678)",
		"vip.code":             "a VIP security code is 6 digits",
		"vip.sync_too_soon":    "wait {{.Seconds}} more seconds: the VIP service only accepts a sync two periods after the last check or sync",

		"vipfile.too_large":   "the file is larger than {{.Limit}} bytes: not a VIP Access credential file",
		"vipfile.syntax":      "line {{.Line}}: expected a key and a value separated by a space",
		"vipfile.duplicate":   "line {{.Line}}: {{.Key}} was already given on line {{.First}}",
		"vipfile.version":     "line {{.Line}}: version {{printf \"%q\" .Value}} is not supported (only version 1)",
		"vipfile.secret":      "line {{.Line}}: the secret is not valid base32",
		"vipfile.id":          "line {{.Line}}: {{printf \"%q\" .Value}} is not a VIP credential ID",
		"vipfile.expiry":      "line {{.Line}}: cannot read the expiry date {{printf \"%q\" .Value}} (expected 2019-01-15T12:00:00.000Z)",
		"vipfile.counter":     "line {{.Line}}: the counter {{printf \"%q\" .Value}} is not a whole number",
		"vipfile.unknown_key": "line {{.Line}}: unknown key {{printf \"%q\" .Key}} (expected version, secret, id, expiry)",
		"vipfile.missing":     "the file has no {{.Key}} line: not a VIP Access credential file",
		"vipfile.not_vip":     "{{printf \"%q\" .Name}} is not a VIP Access credential",
		"vipfile.unsupported": "{{printf \"%q\" .Name}} does not use 6-digit SHA1 codes every 30 seconds, which the file format cannot express",
		"vipfile.exists":      "{{.Path}} already exists; choose another file name (it is never overwritten)",
		"vipfile.create":      "cannot write {{.Path}}",
	})
}

package token

import (
	"regexp"
	"strings"
)

// VIPPrefixes are the model prefixes of Symantec/Broadcom VIP Access
// credential IDs that otptray recognises in a token's label: SYDC and VSST
// (desktop), SYMC and VSMT (mobile), UBHE and FT10-FT12 (counter based).
// Broadcom lists the prefixes in its knowledge base article TECH239895
// (support.symantec.com/us/en/article.tech239895.html), as
// github.com/dlenski/python-vipaccess points out; a credential ID is such a
// prefix followed by 8 digits.
var VIPPrefixes = []string{"SYDC", "SYMC", "VSST", "VSMT", "UBHE", "FT10", "FT11", "FT12"}

// vipIDRE finds a credential ID as a word of its own ("VIP Access:SYDC12345678",
// "SYMC 1234 5678"), in any case, the digits perhaps grouped by a space or dash.
var vipIDRE = regexp.MustCompile(`(?i)(?:^|[^A-Z0-9])(` + strings.Join(VIPPrefixes, "|") + `)[ -]?([0-9]{4})[ -]?([0-9]{4})(?:$|[^0-9])`)

// FindVIPCredential returns the VIP credential ID (compact, upper case)
// written in s, and its model prefix.
func FindVIPCredential(s string) (id, model string, ok bool) {
	m := vipIDRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	model = strings.ToUpper(m[1])
	return model + m[2] + m[3], model, true
}

// recognizeVIP makes t a VIP token when its account or issuer holds a VIP
// credential ID: python-vipaccess writes its credentials as
// otpauth://totp/VIP%20Access:SYDC12345678?secret=...&issuer=Symantec, and
// other apps keep them the same way. It is part of Normalize, the step every
// way in (ParseURI, the importers, Store.Add, Store.Load) goes through, so
// that each of them knows a VIP token by the same rule. A Steam token or
// one with a VIP part already is left as it is.
func (t *Token) recognizeVIP() {
	if t.VIP != nil || t.Kind == Steam {
		return
	}
	for _, s := range []string{t.Account, t.Issuer} {
		if id, model, ok := FindVIPCredential(s); ok {
			t.VIP = &VIP{CredentialID: id, Model: model}
			return
		}
	}
}

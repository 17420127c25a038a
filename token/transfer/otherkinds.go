package transfer

import (
	"net/url"
	"strings"

	"github.com/otptray/otptray/token"
)

// Yandex.Key and mOTP tokens make their codes in ways otptray does not
// implement; apps write them as otpauth URIs of their own types (Aegis:
// otpauth://yandex/ and otpauth://motp/; some others yaotp). They are
// skipped with the kind named, as the app backups' own types are
// (unsupportedKind), not refused as a broken URI.
var otherKinds = map[string]string{"motp": "motp", "yandex": "yandex", "yaotp": "yandex"}

// parseOTPURI is token.ParseURI with the reason for the kinds above.
func parseOTPURI(s string) (token.Token, error) {
	t, err := token.ParseURI(s)
	if err == nil {
		return t, nil
	}
	if u, perr := url.Parse(s); perr == nil {
		if kind, ok := otherKinds[strings.ToLower(u.Host)]; ok {
			return token.Token{}, unsupportedKind(kind)
		}
	}
	return token.Token{}, err
}

// keepassxcURI drops the digits of a Steam URI written by KeePassXC, which
// can write digits=6 beside encoder=steam (seen in keepassxc-cli 2.7.4's CSV
// export of an entry with KeeTrayTOTP's "30;S") and itself ignores them for
// Steam; token.ParseURI refuses a Steam URI with other than 5 digits.
func keepassxcURI(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	q := u.Query()
	steam := false
	for k, v := range q {
		if strings.EqualFold(k, "encoder") && len(v) > 0 && strings.EqualFold(v[0], "steam") {
			steam = true
		}
	}
	if !steam {
		return s
	}
	for k := range q {
		if strings.EqualFold(k, "digits") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

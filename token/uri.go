package token

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
)

// ParseURI reads an otpauth:// URI (Key Uri Format, as written by Google
// Authenticator and most issuers), with Steam tokens as otpauth://steam/...
// or &encoder=steam. The token it returns is normalised and has its Secret.
func ParseURI(s string) (Token, error) {
	t, _, err := ParseURINotices(s)
	return t, err
}

// ParseURINotices is ParseURI that also returns what it assumed where the
// URI left something out, as catalogue errors for the user to read.
//
// Key Uri Format says counter is REQUIRED for hotp
// (github.com/google/google-authenticator/wiki/Key-Uri-Format). An HOTP URI
// without it is still read, starting at counter 0 (what an issuer's fresh
// HOTP secret starts at, and what Google Authenticator assumes), with the
// notice uri.counter_missing: refusing it would leave the user with a
// secret they cannot add at all.
func ParseURINotices(s string) (Token, []error, error) {
	t, err := parseURI(s)
	if err != nil {
		return Token{}, nil, err
	}
	var notices []error
	if t.Kind == HOTP && !hasQueryParam(s, "counter") {
		notices = append(notices, msg.New("uri.counter_missing", nil))
	}
	return t, notices, nil
}

// hasQueryParam reports whether the URI s (which parsed) has the parameter
// name, in any case, as parseURI reads them.
func hasQueryParam(s, name string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return false
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return false
	}
	for k := range q {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

func parseURI(s string) (Token, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil {
		return Token{}, parseFailure(s)
	}
	if !strings.EqualFold(u.Scheme, "otpauth") {
		return Token{}, msg.New("uri.scheme", nil, "Scheme", u.Scheme)
	}
	var t Token
	switch strings.ToLower(u.Host) {
	case "totp":
		t.Kind = TOTP
	case "hotp":
		t.Kind = HOTP
	case "steam":
		t.Kind = Steam
	default:
		return Token{}, msg.New("uri.type", nil, "Type", u.Host)
	}
	// Some writers (WinAuth) put a literal '+' for a space in the label; an
	// intended plus is escaped as %2B and survives.
	label, err := url.PathUnescape(strings.ReplaceAll(strings.TrimPrefix(u.EscapedPath(), "/"), "+", "%20"))
	if err != nil {
		return Token{}, msg.New("uri.field", nil, "Field", "label")
	}
	if label == "" {
		return Token{}, msg.New("uri.label", nil)
	}
	if !utf8.ValidString(label) {
		return Token{}, msg.New("uri.field", nil, "Field", "label")
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Token{}, queryFailure(u.RawQuery)
	}
	// Parameter names are matched case-insensitively (some writers say
	// Secret=); when a name repeats, the exact lower-case spelling wins, then
	// the first in sorted order, so the same URI always gives the same token.
	keys := slices.Sorted(maps.Keys(q))
	get := func(k string) (string, bool) {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0]), true
		}
		for _, key := range keys {
			if v := q[key]; strings.EqualFold(key, k) && len(v) > 0 {
				return strings.TrimSpace(v[0]), true
			}
		}
		return "", false
	}

	labelIssuer, labelAccount, hasColon := strings.Cut(label, ":")
	iss, _ := get("issuer")
	if !utf8.ValidString(iss) {
		return Token{}, msg.New("uri.field", nil, "Field", "issuer")
	}
	switch {
	case iss != "" && len(label) > len(iss) && strings.EqualFold(label[:len(iss)+1], iss+":"):
		// The label starts with the issuer, which may itself hold a colon.
		t.Issuer, t.Account = iss, strings.TrimSpace(label[len(iss)+1:])
	case iss != "" && hasColon && (strings.TrimSpace(labelIssuer) == "" || strings.EqualFold(strings.TrimSpace(labelIssuer), iss)):
		t.Issuer, t.Account = iss, strings.TrimSpace(labelAccount)
	case iss != "":
		// The label is what the user saw; the parameter is what the issuer
		// meant. Key Uri Format says they should agree; when they do not, the
		// parameter wins and the whole label stays as the account.
		t.Issuer, t.Account = iss, strings.TrimSpace(label)
	case hasColon:
		t.Issuer, t.Account = strings.TrimSpace(labelIssuer), strings.TrimSpace(labelAccount)
	default:
		t.Account = strings.TrimSpace(label)
	}
	// A label of control characters only is as empty as no label: Normalize
	// would drop them and invent a name that the URI does not carry.
	if CleanText(t.Issuer) == "" && CleanText(t.Account) == "" {
		return Token{}, msg.New("uri.label", nil)
	}

	sec, ok := get("secret")
	if !ok || sec == "" {
		return Token{}, msg.New("uri.missing_secret", nil)
	}
	if t.Secret, err = ParseSecret(sec); err != nil {
		return Token{}, msg.New("uri.field", err, "Field", "secret")
	}
	if a, ok := get("algorithm"); ok {
		alg, valid := ParseAlgorithm(a)
		if !valid || a == "" {
			return Token{}, msg.New("uri.algorithm", nil, "Value", a)
		}
		t.Algorithm = alg
	}
	if e, ok := get("encoder"); ok && strings.EqualFold(e, "steam") {
		t.Kind = Steam
	}
	if d, ok := get("digits"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || (t.Kind == Steam && n != 5) || (t.Kind != Steam && (n < 6 || n > 8)) {
			return Token{}, msg.New("uri.digits", nil, "Value", d)
		}
		t.Digits = n
	}
	if p, ok := get("period"); ok && t.Kind != HOTP {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 3600 {
			return Token{}, msg.New("uri.period", nil, "Value", p)
		}
		t.Period = n
	}
	if c, ok := get("counter"); ok {
		if t.Kind != HOTP {
			return Token{}, msg.New("uri.counter_totp", nil)
		}
		n, err := strconv.ParseUint(c, 10, 64)
		if err != nil {
			return Token{}, msg.New("uri.counter", nil, "Value", c)
		}
		t.Counter = n
	}
	if err := t.Normalize(); err != nil {
		return Token{}, err
	}
	return t, nil
}

// parseFailure names the part of s that url.Parse refused, when it can:
// a bad escape in the label is common in hand-edited URIs.
func parseFailure(s string) error {
	before, _, _ := strings.Cut(s, "?")
	if scheme, rest, ok := strings.Cut(before, "://"); ok && strings.EqualFold(scheme, "otpauth") {
		if host, _, ok := strings.Cut(rest, "/"); ok {
			if _, err := url.Parse(scheme + "://" + host + "/"); err == nil {
				if _, err := url.Parse(before); err != nil {
					return msg.New("uri.field", nil, "Field", "label")
				}
			}
		}
	}
	return msg.New("uri.parse", nil)
}

// queryFailure names the parameter whose value is badly escaped.
func queryFailure(rawQuery string) error {
	for _, kv := range strings.Split(rawQuery, "&") {
		if strings.Contains(kv, ";") {
			break // url.ParseQuery refuses ';' as a separator: not one field's fault
		}
		k, v, _ := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil || !utf8.ValidString(key) {
			break
		}
		if _, err := url.QueryUnescape(v); err != nil {
			return msg.New("uri.field", nil, "Field", strings.ToLower(key))
		}
	}
	return msg.New("uri.parse", nil)
}

// LabelAccount is the account part of t's label: its account, or for a token
// made from a bare secret (no issuer, no account) its name, since an empty
// label would not parse back. Importers compare tokens by it.
func (t Token) LabelAccount() string {
	if t.Issuer == "" && t.Account == "" {
		return t.Name
	}
	return t.Account
}

// URI formats t (with its Secret) as an otpauth:// URI that ParseURI and
// common authenticator apps read. Defaults are left out, as most apps write it.
func (t Token) URI() string {
	kind := t.Kind
	q := url.Values{}
	q.Set("secret", EncodeSecret(t.Secret))
	if t.Issuer != "" {
		q.Set("issuer", t.Issuer)
	}
	if t.Algorithm != "" && t.Algorithm != SHA1 {
		q.Set("algorithm", string(t.Algorithm))
	}
	if kind == Steam {
		// otpauth://totp/...&encoder=steam is what KeePassXC and most
		// readers understand; digits stay implicit.
		kind = TOTP
		q.Set("encoder", "steam")
	} else if t.Digits != 0 && t.Digits != 6 {
		q.Set("digits", strconv.Itoa(t.Digits))
	}
	if kind == HOTP {
		q.Set("counter", strconv.FormatUint(t.Counter, 10))
	} else if t.Period != 0 && t.Period != 30 {
		q.Set("period", strconv.Itoa(t.Period))
	}
	account := t.LabelAccount()
	label := account
	if t.Issuer != "" || strings.Contains(account, ":") {
		// An empty issuer before the colon keeps a colon in the account from
		// being read as the issuer's end.
		label = t.Issuer + ":" + account
	}
	// A literal '+' would read as a space (see ParseURI), and url.Values
	// encodes a space as '+', which some apps keep literally: use %2B and %20.
	path := strings.ReplaceAll(url.PathEscape(label), "+", "%2B")
	return "otpauth://" + string(kind) + "/" + path + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

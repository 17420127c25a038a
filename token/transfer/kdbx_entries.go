package transfer

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"

	"github.com/tobischo/gokeepasslib/v3"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// kdbxEntries makes the tokens of the database's current entries: those in
// an entry's history and in the recycle bin (when the database uses one)
// are left out.
func kdbxEntries(db *gokeepasslib.Database) *Result {
	res := &Result{Format: FormatKDBX}
	meta := db.Content.Meta
	var walk func(groups []gokeepasslib.Group)
	walk = func(groups []gokeepasslib.Group) {
		for _, g := range groups {
			if meta.RecycleBinEnabled.Bool && g.UUID == meta.RecycleBinUUID {
				continue
			}
			for _, e := range g.Entries {
				kdbxEntryToken(res, kdbxValues(e))
			}
			walk(g.Groups)
		}
	}
	walk(db.Content.Root.Groups)
	return res
}

// kdbxValues is an entry's strings by key, the last of a key repeated.
func kdbxValues(e gokeepasslib.Entry) map[string]string {
	m := make(map[string]string, len(e.Values))
	for _, v := range e.Values {
		m[v.Key] = v.Value.Content
	}
	return m
}

// kdbxEntryToken makes the token of one entry from the first OTP setting it
// has: KeePassXC's otp attribute, KeePass's own TimeOtp-*/HmacOtp-* fields
// (keepass.info/help/base/placeholders.html#otp), or the TOTP Seed and TOTP
// Settings of the KeeTrayTOTP plugin. An entry with none is a password only.
func kdbxEntryToken(res *Result, e map[string]string) {
	t := token.Token{Issuer: strings.TrimSpace(e["Title"]), Account: strings.TrimSpace(e["UserName"])}
	name := token.DefaultName(t.Issuer, t.Account)
	switch {
	case strings.TrimSpace(e["otp"]) != "":
		otp := strings.TrimSpace(e["otp"])
		if strings.HasPrefix(strings.ToLower(otp), "otpauth:") {
			u, err := parseOTPURI(keepassxcURI(withLabel(otp, t.Issuer, t.Account)))
			if err != nil {
				res.skip(name, err)
				return
			}
			if u.Issuer == "" {
				u.Issuer = t.Issuer
			}
			res.add(u)
			return
		}
		kdbxKeeOtp(res, t, name, otp)
	case kdbxSecretField(e, "TimeOtp-Secret") != "":
		t.Kind = token.TOTP
		if !kdbxAlgorithm(res, &t, name, e["TimeOtp-Algorithm"]) ||
			!kdbxInt(res, &t.Digits, name, "TimeOtp-Length", e["TimeOtp-Length"]) ||
			!kdbxInt(res, &t.Period, name, "TimeOtp-Period", e["TimeOtp-Period"]) {
			return
		}
		kdbxSecret(res, t, name, e, "TimeOtp-Secret")
	case kdbxSecretField(e, "HmacOtp-Secret") != "":
		t.Kind = token.HOTP
		if c := strings.TrimSpace(e["HmacOtp-Counter"]); c != "" {
			n, err := strconv.ParseUint(c, 10, 64)
			if err != nil {
				res.skip(name, msg.New("transfer.kdbx.field", nil, "Field", "HmacOtp-Counter"))
				return
			}
			t.Counter = n
		}
		kdbxSecret(res, t, name, e, "HmacOtp-Secret")
	case strings.TrimSpace(e["TOTP Seed"]) != "":
		// "period;digits", digits "S" for Steam; a third part (a time
		// server) does not matter here.
		t.Kind = token.TOTP
		if s := strings.TrimSpace(e["TOTP Settings"]); s != "" {
			parts := strings.Split(s, ";")
			if !kdbxInt(res, &t.Period, name, "TOTP Settings", parts[0]) {
				return
			}
			if len(parts) > 1 {
				if d := strings.TrimSpace(parts[1]); strings.EqualFold(d, "S") {
					t.Kind = token.Steam
				} else if !kdbxInt(res, &t.Digits, name, "TOTP Settings", d) {
					return
				}
			}
		}
		res.addWithSecret(t, name, e["TOTP Seed"])
	}
}

// withLabel gives an otpauth URI without a label (otpauth://totp?secret=...,
// as KeePassOTP writes) the entry's title and user name.
func withLabel(uri, issuer, account string) string {
	u, err := url.Parse(uri)
	if err != nil || strings.Trim(u.Path, "/") != "" {
		return uri
	}
	label := token.DefaultName(issuer, account)
	if issuer != "" && account != "" {
		label = issuer + ":" + account
	}
	u.Path = "/" + label
	return u.String()
}

// kdbxKeeOtp reads the KeeOtp plugin's otp string:
// key=BASE32&step=30&size=6&type=Totp|Hotp&counter=N&otpHashMode=Sha256.
func kdbxKeeOtp(res *Result, t token.Token, name, s string) {
	q, err := url.ParseQuery(s)
	if err != nil || q.Get("key") == "" {
		res.skip(name, msg.New("transfer.kdbx.field", nil, "Field", "otp"))
		return
	}
	t.Kind = token.TOTP
	switch strings.ToLower(q.Get("type")) {
	case "", "totp":
	case "hotp":
		t.Kind = token.HOTP
	default:
		res.skip(name, unsupportedKind(q.Get("type")))
		return
	}
	if c := q.Get("counter"); c != "" {
		n, err := strconv.ParseUint(c, 10, 64)
		if err != nil {
			res.skip(name, msg.New("transfer.kdbx.field", nil, "Field", "otp"))
			return
		}
		t.Counter = n
	}
	if !kdbxAlgorithm(res, &t, name, q.Get("otpHashMode")) ||
		!kdbxInt(res, &t.Digits, name, "otp", q.Get("size")) ||
		!kdbxInt(res, &t.Period, name, "otp", q.Get("step")) {
		return
	}
	res.addWithSecret(t, name, q.Get("key"))
}

func kdbxAlgorithm(res *Result, t *token.Token, name, s string) bool {
	a, ok := token.ParseAlgorithm(s)
	if !ok {
		res.skip(name, msg.New("transfer.algorithm", nil, "Algorithm", s))
		return false
	}
	t.Algorithm = a
	return true
}

// kdbxInt parses the optional number s into *n (left as is when empty).
func kdbxInt(res *Result, n *int, name, field, s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		res.skip(name, msg.New("transfer.kdbx.field", nil, "Field", field))
		return false
	}
	*n = v
	return true
}

// kdbxSecretField is the first non-empty of prefix, prefix-Hex, -Base32 and
// -Base64.
func kdbxSecretField(e map[string]string, prefix string) string {
	for _, suffix := range []string{"", "-Hex", "-Base32", "-Base64"} {
		if v := e[prefix+suffix]; v != "" {
			return prefix + suffix
		}
	}
	return ""
}

// kdbxSecret decodes the secret in the field KeePass names by its encoding:
// TimeOtp-Secret is the UTF-8 bytes themselves.
func kdbxSecret(res *Result, t token.Token, name string, e map[string]string, prefix string) {
	field := kdbxSecretField(e, prefix)
	v := e[field]
	var (
		b   []byte
		err error
	)
	switch strings.TrimPrefix(field, prefix) {
	case "":
		b = []byte(v)
	case "-Hex":
		b, err = hex.DecodeString(strings.Join(strings.Fields(v), ""))
	case "-Base32":
		res.addWithSecret(t, name, v)
		return
	case "-Base64":
		b, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), ""))
	}
	if err != nil || len(b) == 0 {
		res.skip(name, msg.New("transfer.kdbx.field", nil, "Field", field))
		return
	}
	t.Secret = b
	res.add(t)
}

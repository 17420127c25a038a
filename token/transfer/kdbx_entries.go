package transfer

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// kdbxEntries reads the database XML: every entry's strings, with the
// protected ones decrypted by the inner stream in document order (entries in
// the history and the recycle bin too, as the stream runs through them, but
// only current entries outside the recycle bin become tokens).
func kdbxEntries(data []byte, stream innerStream) (*Result, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var (
		path      []string
		groups    []string // UUIDs of the enclosing groups
		recycle   string   // the recycle bin group's UUID, when enabled
		recycleOn = true
		entry     map[string]string // the current top entry's strings
		key       string
		entries   []map[string]string
	)
	inBin := func() bool {
		for _, g := range groups {
			if recycleOn && g != "" && g == recycle {
				return true
			}
		}
		return false
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, msg.New("transfer.kdbx.xml", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			parent := ""
			if len(path) > 0 {
				parent = path[len(path)-1]
			}
			path = append(path, name)
			switch {
			case name == "Group":
				groups = append(groups, "")
			case name == "Entry" && parent == "Group":
				entry = map[string]string{}
			case name == "Value" && parent == "String":
				text, err := kdbxText(d)
				if err != nil {
					return nil, err
				}
				path = path[:len(path)-1]
				if kdbxProtected(t) {
					raw, err := base64.StdEncoding.DecodeString(text)
					if err != nil {
						return nil, msg.New("transfer.kdbx.xml", err)
					}
					stream.XORKeyStream(raw, raw)
					text = string(raw)
				}
				// Only the entry's own strings, not those of its history.
				if entry != nil && len(path) >= 3 && path[len(path)-3] == "Group" {
					entry[key] = text
				}
			case name == "Key" && parent == "String",
				name == "UUID" && parent == "Group",
				name == "RecycleBinUUID" || name == "RecycleBinEnabled":
				text, err := kdbxText(d)
				if err != nil {
					return nil, err
				}
				path = path[:len(path)-1]
				switch name {
				case "Key":
					key = text
				case "UUID":
					groups[len(groups)-1] = text
				case "RecycleBinUUID":
					recycle = text
				default:
					recycleOn = !strings.EqualFold(text, "False")
				}
			}
		case xml.EndElement:
			if len(path) == 0 {
				return nil, msg.New("transfer.kdbx.xml", nil)
			}
			name := path[len(path)-1]
			path = path[:len(path)-1]
			switch {
			case name == "Group":
				groups = groups[:len(groups)-1]
			case name == "Entry" && len(path) > 0 && path[len(path)-1] == "Group":
				if !inBin() {
					entries = append(entries, entry)
				}
				entry = nil
			}
		}
	}
	res := &Result{Format: FormatKDBX}
	for _, e := range entries {
		kdbxEntryToken(res, e)
	}
	return res, nil
}

// kdbxText reads the text of the element just started, up to its end.
func kdbxText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return "", msg.New("transfer.kdbx.xml", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			return "", msg.New("transfer.kdbx.xml", nil)
		}
	}
}

func kdbxProtected(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Local == "Protected" && strings.EqualFold(a.Value, "True") {
			return true
		}
	}
	return false
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

package vip

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// The python-vipaccess credential file (~/.vipaccess) holds one "key value"
// pair a line:
//
//	version 1
//	secret <BASE32>
//	id <CREDENTIAL ID>
//	expiry <ISO 8601>
//
// otptray adds "counter N" for counter-based credentials, which
// python-vipaccess does not make. Blank lines and lines starting with # are
// skipped.

const maxFileSize = 64 << 10

// ParseVipaccessFile reads a credential file. Errors name the line at fault
// and never quote a secret.
func ParseVipaccessFile(r io.Reader) (token.Token, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return token.Token{}, err
	}
	if len(data) > maxFileSize {
		return token.Token{}, msg.New("vipfile.too_large", nil, "Limit", maxFileSize)
	}
	seen := map[string]int{}
	var (
		t       = token.Token{Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30}
		vip     token.VIP
		version bool
	)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 4096), maxFileSize+1)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, value, ok := strings.Cut(text, " ")
		if !ok {
			key, value, ok = strings.Cut(text, "\t")
		}
		value = strings.TrimSpace(value)
		if !ok || value == "" {
			return token.Token{}, msg.New("vipfile.syntax", nil, "Line", line)
		}
		key = strings.ToLower(key)
		if prev, dup := seen[key]; dup {
			return token.Token{}, msg.New("vipfile.duplicate", nil, "Line", line, "Key", key, "First", prev)
		}
		seen[key] = line
		switch key {
		case "version":
			if value != "1" {
				return token.Token{}, msg.New("vipfile.version", nil, "Line", line, "Value", token.Shorten(value, 12))
			}
			version = true
		case "secret":
			s, err := token.ParseSecret(value)
			if err != nil {
				return token.Token{}, msg.New("vipfile.secret", nil, "Line", line)
			}
			t.Secret = s
		case "id":
			id, err := checkCredential(value)
			if err != nil {
				return token.Token{}, msg.New("vipfile.id", nil, "Line", line, "Value", token.Shorten(value, 24))
			}
			vip.CredentialID = id
		case "expiry":
			exp, err := ParseExpiry(value)
			if err != nil {
				return token.Token{}, msg.New("vipfile.expiry", nil, "Line", line, "Value", token.Shorten(value, 40))
			}
			vip.Expiry = exp
		case "counter":
			c, err := strconv.ParseUint(value, 10, 64)
			if err != nil {
				return token.Token{}, msg.New("vipfile.counter", nil, "Line", line, "Value", token.Shorten(value, 24))
			}
			t.Kind, t.Counter, t.Period = token.HOTP, c, 0
		default:
			if len(key) > 12 {
				// Too long for a key: perhaps a secret; do not quote it.
				return token.Token{}, msg.New("vipfile.syntax", nil, "Line", line)
			}
			return token.Token{}, msg.New("vipfile.unknown_key", nil, "Line", line, "Key", key)
		}
	}
	if err := sc.Err(); err != nil {
		return token.Token{}, msg.New("vipfile.syntax", nil, "Line", line+1)
	}
	for _, need := range []struct {
		key string
		ok  bool
	}{{"version", version}, {"secret", t.Secret != nil}, {"id", vip.CredentialID != ""}} {
		if !need.ok {
			return token.Token{}, msg.New("vipfile.missing", nil, "Key", need.key)
		}
	}
	vip.Model = ModelOf(vip.CredentialID)
	t.VIP = &vip
	t.Issuer = "VIP Access"
	t.Account = vip.CredentialID
	t.Name = "VIP Access"
	if err := t.Validate(); err != nil {
		return token.Token{}, err
	}
	return t, nil
}

// ModelOf is the model prefix of a credential ID (the ID without its
// trailing 8 digits), or "" when the ID has another shape.
func ModelOf(credentialID string) string {
	if len(credentialID) < 11 {
		return ""
	}
	prefix, digits := credentialID[:len(credentialID)-8], credentialID[len(credentialID)-8:]
	if _, err := strconv.ParseUint(digits, 10, 64); err != nil {
		return ""
	}
	if _, err := ValidModel(prefix); err != nil {
		return ""
	}
	return prefix
}

// WriteVipaccessFile writes t (a VIP token with its Secret) in the
// python-vipaccess format.
func WriteVipaccessFile(w io.Writer, t token.Token) error {
	if t.VIP == nil || t.VIP.CredentialID == "" {
		return msg.New("vipfile.not_vip", nil, "Name", t.Name)
	}
	if len(t.Secret) == 0 {
		return msg.New("token.no_secret", nil)
	}
	if t.Kind != token.HOTP && ((t.Period != 0 && t.Period != 30) || (t.Digits != 0 && t.Digits != 6) || (t.Algorithm != "" && t.Algorithm != token.SHA1)) {
		return msg.New("vipfile.unsupported", nil, "Name", t.Name)
	}
	var b strings.Builder
	b.WriteString("version 1\n")
	b.WriteString("secret " + token.EncodeSecret(t.Secret) + "\n")
	b.WriteString("id " + t.VIP.CredentialID + "\n")
	if !t.VIP.Expiry.IsZero() {
		b.WriteString("expiry " + FormatExpiry(t.VIP.Expiry) + "\n")
	}
	if t.Kind == token.HOTP {
		b.WriteString("counter " + strconv.FormatUint(t.Counter, 10) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CreateVipaccessFile writes t to a new file at path, readable only by the
// user (mode 0600). It never replaces an existing file.
func CreateVipaccessFile(path string, t token.Token) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return msg.New("vipfile.exists", nil, "Path", path)
	}
	if err != nil {
		return msg.New("vipfile.create", err, "Path", path)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = msg.New("vipfile.create", cerr, "Path", path)
		}
		if err != nil {
			_ = os.Remove(path)
		}
	}()
	if err := WriteVipaccessFile(f, t); err != nil {
		var te *msg.Error
		if errors.As(err, &te) {
			return err
		}
		return msg.New("vipfile.create", err, "Path", path)
	}
	if err := f.Sync(); err != nil {
		return msg.New("vipfile.create", fmt.Errorf("sync: %w", err), "Path", path)
	}
	return nil
}

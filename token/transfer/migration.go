package transfer

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/url"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Google Authenticator's export: otpauth-migration://offline?data=<base64 of
// a protobuf MigrationPayload>. Field numbers from the published .proto
// (see FORMATS.md): payload 1 otp_parameters, 2 version, 3 batch_size,
// 4 batch_index, 5 batch_id; parameters 1 secret, 2 name, 3 issuer,
// 4 algorithm, 5 digits, 6 type, 7 counter.

// MigrationBatchMax is how many tokens one exported code holds, as Google
// Authenticator itself does it, so every phone can scan them.
const MigrationBatchMax = 10

type migrationPayload struct {
	Params     []migrationParams
	Version    int32
	BatchSize  int32
	BatchIndex int32
	BatchID    int32
}

type migrationParams struct {
	Secret    []byte
	Name      string
	Issuer    string
	Algorithm int32
	Digits    int32
	Type      int32
	Counter   int64
}

// Enum values of the .proto.
const (
	migAlgSHA1   = 1
	migAlgSHA256 = 2
	migAlgSHA512 = 3
	migAlgMD5    = 4
	migDigitsSix = 1
	migDigits8   = 2
	migTypeHOTP  = 1
	migTypeTOTP  = 2
)

// decodeMigrationURI parses one otpauth-migration:// URI.
func decodeMigrationURI(s string) (migrationPayload, error) {
	s = strings.TrimSpace(s)
	rest, ok := cutPrefixFold(s, "otpauth-migration://")
	if !ok {
		return migrationPayload{}, msg.New("transfer.migration.uri", nil)
	}
	_, query, _ := strings.Cut(rest, "?")
	query, _, _ = strings.Cut(query, "#")
	// A '+' pasted raw would turn into a space in query decoding: keep it.
	var data string
	for _, part := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(part, "=")
		if strings.EqualFold(k, "data") {
			var err error
			if data, err = url.PathUnescape(v); err != nil {
				return migrationPayload{}, msg.New("transfer.migration.data", nil)
			}
			break
		}
	}
	if data == "" {
		return migrationPayload{}, msg.New("transfer.migration.no_data", nil)
	}
	data = strings.ReplaceAll(data, " ", "+")
	data = strings.TrimRight(data, "=")
	raw, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil {
		// Some tools write URL-safe base64.
		if raw, err = base64.RawURLEncoding.DecodeString(data); err != nil {
			return migrationPayload{}, msg.New("transfer.migration.data", nil)
		}
	}
	return decodeMigrationPayload(raw)
}

var errProto = errors.New("malformed protobuf")

// decodeMigrationPayload parses the protobuf by tag, skipping unknown fields.
func decodeMigrationPayload(b []byte) (migrationPayload, error) {
	var p migrationPayload
	err := walkProto(b, func(num protowire.Number, typ protowire.Type, v uint64, bytes []byte) error {
		switch {
		case num == 1 && typ == protowire.BytesType:
			mp, err := decodeMigrationParams(bytes)
			if err != nil {
				return err
			}
			p.Params = append(p.Params, mp)
		case num == 2 && typ == protowire.VarintType:
			p.Version = int32(v)
		case num == 3 && typ == protowire.VarintType:
			p.BatchSize = int32(v)
		case num == 4 && typ == protowire.VarintType:
			p.BatchIndex = int32(v)
		case num == 5 && typ == protowire.VarintType:
			// Often negative: written as a 10-byte sign-extended varint.
			p.BatchID = int32(v)
		}
		return nil
	})
	if err != nil {
		return migrationPayload{}, msg.New("transfer.migration.corrupt", nil)
	}
	return p, nil
}

func decodeMigrationParams(b []byte) (migrationParams, error) {
	var m migrationParams
	err := walkProto(b, func(num protowire.Number, typ protowire.Type, v uint64, bytes []byte) error {
		switch {
		case num == 1 && typ == protowire.BytesType:
			m.Secret = append([]byte(nil), bytes...)
		case num == 2 && typ == protowire.BytesType:
			m.Name = string(bytes)
		case num == 3 && typ == protowire.BytesType:
			m.Issuer = string(bytes)
		case num == 4 && typ == protowire.VarintType:
			m.Algorithm = int32(v)
		case num == 5 && typ == protowire.VarintType:
			m.Digits = int32(v)
		case num == 6 && typ == protowire.VarintType:
			m.Type = int32(v)
		case num == 7 && typ == protowire.VarintType:
			m.Counter = int64(v)
		}
		return nil
	})
	return m, err
}

// walkProto calls fn for each field of a protobuf message: v for varints
// (and fixed-size numbers), bytes for length-delimited fields.
func walkProto(b []byte, fn func(protowire.Number, protowire.Type, uint64, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return errProto
		}
		b = b[n:]
		var v uint64
		var bytes []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var x uint32
			x, n = protowire.ConsumeFixed32(b)
			v = uint64(x)
		case protowire.Fixed64Type:
			v, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			bytes, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return errProto
		}
		b = b[n:]
		if err := fn(num, typ, v, bytes); err != nil {
			return err
		}
	}
	return nil
}

// migrationToken turns one migration entry into a token, or the reason it
// cannot be one.
func migrationToken(m migrationParams) (token.Token, string, error) {
	t := token.Token{Issuer: strings.TrimSpace(m.Issuer), Account: strings.TrimSpace(m.Name)}
	// The name often repeats the issuer as "Issuer:account".
	if t.Issuer == "" {
		if i, a, ok := strings.Cut(t.Account, ":"); ok {
			t.Issuer, t.Account = strings.TrimSpace(i), strings.TrimSpace(a)
		}
	} else if rest, ok := cutPrefixFold(t.Account, t.Issuer+":"); ok {
		t.Account = strings.TrimSpace(rest)
	}
	name := token.DefaultName(t.Issuer, t.Account)
	switch m.Algorithm {
	case 0, migAlgSHA1:
		t.Algorithm = token.SHA1
	case migAlgSHA256:
		t.Algorithm = token.SHA256
	case migAlgSHA512:
		t.Algorithm = token.SHA512
	case migAlgMD5:
		return t, name, msg.New("transfer.md5", nil)
	default:
		return t, name, msg.New("transfer.algorithm", nil, "Algorithm", m.Algorithm)
	}
	switch m.Digits {
	case 0, migDigitsSix:
		t.Digits = 6
	case migDigits8:
		t.Digits = 8
	default:
		return t, name, msg.New("transfer.digits", nil, "Digits", m.Digits)
	}
	switch m.Type {
	case 0, migTypeTOTP:
		t.Kind = token.TOTP
		t.Period = 30
	case migTypeHOTP:
		t.Kind = token.HOTP
		if m.Counter < 0 {
			return t, name, msg.New("transfer.counter", nil)
		}
		t.Counter = uint64(m.Counter)
	default:
		return t, name, msg.New("transfer.type", nil, "Type", m.Type)
	}
	if len(m.Secret) == 0 {
		return t, name, msg.New("secret.empty", nil)
	}
	t.Secret = m.Secret
	return t, name, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// mergeMigration adds the tokens of the given payloads to res, once each
// (the same code may be scanned twice), and notes exports with codes missing.
func mergeMigration(res *Result, ps []migrationPayload) {
	type key struct{ id, size int32 }
	seen := map[key]map[int32]bool{}
	var order []key
	for _, p := range ps {
		size := max(p.BatchSize, 1)
		k := key{p.BatchID, size}
		if seen[k] == nil {
			seen[k] = map[int32]bool{}
			order = append(order, k)
		}
		if seen[k][p.BatchIndex] {
			continue
		}
		seen[k][p.BatchIndex] = true
		for _, m := range p.Params {
			t, name, err := migrationToken(m)
			if err != nil {
				res.skip(name, err)
				continue
			}
			res.add(t)
		}
	}
	for _, k := range order {
		if int(k.size) > 1000 {
			continue // not a real export; nothing useful to say
		}
		var missing []int
		for i := int32(0); i < k.size; i++ {
			if !seen[k][i] {
				missing = append(missing, int(i)+1)
			}
		}
		if len(missing) > 0 {
			res.Incomplete = append(res.Incomplete, BatchGap{Size: int(k.size), Missing: missing})
		}
	}
}

// MigrationEligible says whether Google Authenticator can take t through a
// migration code: only SHA1, 6-digit tokens (TOTP every 30 s, or HOTP) travel
// that way reliably.
func MigrationEligible(t token.Token) error {
	switch {
	case t.Kind == token.Steam:
		return msg.New("transfer.export.google_steam", nil)
	case t.Algorithm != token.SHA1 && t.Algorithm != "":
		return msg.New("transfer.export.google_algorithm", nil, "Algorithm", string(t.Algorithm))
	case t.Digits != 6 && t.Digits != 0:
		return msg.New("transfer.export.google_digits", nil, "Digits", t.Digits)
	case t.Kind != token.HOTP && t.Period != 30 && t.Period != 0:
		return msg.New("transfer.export.google_period", nil, "Period", t.Period)
	}
	return nil
}

// EncodeMigration writes tokens as Google Authenticator migration URIs, at
// most MigrationBatchMax per URI, sharing a random batch ID. Tokens that
// cannot travel this way are returned in left, each with the reason.
func EncodeMigration(toks []token.Token) (uris []string, left []Skipped) {
	var ok []token.Token
	for _, t := range toks {
		if err := MigrationEligible(t); err != nil {
			left = append(left, Skipped{Name: t.Name, Err: err})
			continue
		}
		ok = append(ok, t)
	}
	if len(ok) == 0 {
		return nil, left
	}
	var idb [4]byte
	if _, err := rand.Read(idb[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	batchID := int32(binary.BigEndian.Uint32(idb[:]))
	chunks := slices.Collect(slices.Chunk(ok, MigrationBatchMax))
	for i, c := range chunks {
		raw := encodeMigrationPayload(c, int32(len(chunks)), int32(i), batchID)
		uris = append(uris, "otpauth-migration://offline?data="+url.QueryEscape(base64.StdEncoding.EncodeToString(raw)))
	}
	return uris, left
}

func encodeMigrationPayload(toks []token.Token, size, index, id int32) []byte {
	var b []byte
	for _, t := range toks {
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.BytesType)
		m = protowire.AppendBytes(m, t.Secret)
		name := t.Account
		if name == "" {
			name = t.Name
		}
		m = protowire.AppendTag(m, 2, protowire.BytesType)
		m = protowire.AppendString(m, name)
		if t.Issuer != "" {
			m = protowire.AppendTag(m, 3, protowire.BytesType)
			m = protowire.AppendString(m, t.Issuer)
		}
		m = protowire.AppendTag(m, 4, protowire.VarintType)
		m = protowire.AppendVarint(m, migAlgSHA1)
		m = protowire.AppendTag(m, 5, protowire.VarintType)
		m = protowire.AppendVarint(m, migDigitsSix)
		typ := uint64(migTypeTOTP)
		if t.Kind == token.HOTP {
			typ = migTypeHOTP
		}
		m = protowire.AppendTag(m, 6, protowire.VarintType)
		m = protowire.AppendVarint(m, typ)
		if t.Kind == token.HOTP && t.Counter != 0 {
			m = protowire.AppendTag(m, 7, protowire.VarintType)
			m = protowire.AppendVarint(m, t.Counter)
		}
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendBytes(b, m)
	}
	for _, f := range []struct {
		num protowire.Number
		v   int32
	}{{2, 1}, {3, size}, {4, index}, {5, id}} {
		b = protowire.AppendTag(b, f.num, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(int64(f.v))) // negative: sign-extended, as protobuf does
	}
	return b
}

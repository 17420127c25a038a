package transfer

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// decodeVipaccess reads a python-vipaccess credential file with the VIP
// package's parser.
func decodeVipaccess(data []byte) (*Result, error) {
	t, err := vip.ParseVipaccessFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &Result{Format: FormatVipaccess, Tokens: []token.Token{t}}, nil
}

// looksLikeVipaccess: text of "key value" lines with at least a secret and
// an id, as python-vipaccess writes ~/.vipaccess.
func looksLikeVipaccess(data []byte) bool {
	if !utf8.Valid(data) || len(data) > 64<<10 {
		return false
	}
	var secret, id bool
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(l, "\ufeff"))
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		key, _, ok := strings.Cut(strings.ReplaceAll(l, "\t", " "), " ")
		key = strings.ToLower(key)
		if !ok {
			return false
		}
		switch key {
		case "secret":
			secret = true
		case "id":
			id = true
		case "version", "expiry", "counter":
		default:
			return false
		}
	}
	return secret && id
}

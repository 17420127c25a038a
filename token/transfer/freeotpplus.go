package transfer

import (
	"encoding/json"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// FreeOTP+ backup (freeotp-backup.json, helloworld1/FreeOTPPlus, Apache-2.0:
// token-data/.../legacy/Token.java and SavedTokens.kt):
// {"tokens":[...], "tokenOrder":["issuer:label", ...]}. Each token is the
// Gson form of FreeOTP's Token class: secret as a Java byte[] (numbers
// -128..127), algo, digits, period, counter, type HOTP/TOTP, issuerExt,
// issuerInt, issuerAlt, label, labelAlt. FreeOTP 2.x stores the same token
// object (without the secret) in its own backup, see freeotp.go.

// freeOTPToken is a token as FreeOTP and FreeOTP+ serialise it.
type freeOTPToken struct {
	Secret    []int   `json:"secret"` // FreeOTP+ only; FreeOTP keeps it apart, encrypted
	Algo      string  `json:"algo"`
	Digits    *int    `json:"digits"`
	Period    *int    `json:"period"`
	Counter   *uint64 `json:"counter"`
	Type      string  `json:"type"`
	IssuerExt string  `json:"issuerExt"`
	IssuerInt string  `json:"issuerInt"`
	IssuerAlt string  `json:"issuerAlt"`
	Label     string  `json:"label"`
	LabelAlt  string  `json:"labelAlt"`
}

type freeOTPPlusFile struct {
	Tokens     []freeOTPToken `json:"tokens"`
	TokenOrder []string       `json:"tokenOrder"`
}

// id is the key tokenOrder lists a token by (Token.getID).
func (e freeOTPToken) id() string {
	switch {
	case e.IssuerInt != "":
		return e.IssuerInt + ":" + e.Label
	case e.IssuerExt != "":
		return e.IssuerExt + ":" + e.Label
	}
	return e.Label
}

// freeOTPSteamIssuer is the issuer with which FreeOTP and FreeOTP+ show
// Steam Guard codes (Code.Factory.fromIssuer, TokenCodeUtil).
const freeOTPSteamIssuer = "Steam"

// token turns e into a token without its secret, or says why the entry
// name cannot be imported.
func (e freeOTPToken) token() (t token.Token, name string, err error) {
	// The names the user last gave win over the ones of the QR code.
	t.Issuer = strings.TrimSpace(firstNonEmpty(e.IssuerAlt, e.IssuerExt, e.IssuerInt))
	t.Account = strings.TrimSpace(firstNonEmpty(e.LabelAlt, e.Label))
	name = token.DefaultName(t.Issuer, t.Account)
	steam := e.IssuerExt == freeOTPSteamIssuer || (e.IssuerExt == "" && e.IssuerInt == freeOTPSteamIssuer)
	switch strings.ToUpper(strings.TrimSpace(e.Type)) {
	case "TOTP", "":
		t.Kind = token.TOTP
		if steam {
			t.Kind = token.Steam
		}
	case "HOTP":
		t.Kind = token.HOTP
	default:
		return t, name, unsupportedKind(e.Type)
	}
	alg, ok := token.ParseAlgorithm(e.Algo)
	if !ok {
		return t, name, msg.New("transfer.algorithm", nil, "Algorithm", e.Algo)
	}
	t.Algorithm = alg
	switch {
	case e.Digits != nil:
		t.Digits = *e.Digits
	case t.Kind == token.Steam:
		t.Digits = 5
	default:
		t.Digits = 6
	}
	if t.Kind == token.HOTP {
		// FreeOTP makes the next code from the stored counter, then
		// increments it: it is the next counter.
		if e.Counter != nil {
			t.Counter = *e.Counter
		}
	} else {
		t.Period = 30
		if e.Period != nil {
			t.Period = *e.Period
		}
	}
	return t, name, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// javaBytes turns a Java byte[] as Gson writes it (signed numbers) into
// bytes.
func javaBytes(v []int) ([]byte, bool) {
	b := make([]byte, len(v))
	for i, n := range v {
		if n < -128 || n > 255 {
			return nil, false
		}
		b[i] = byte(n)
	}
	return b, true
}

// looksLikeFreeOTPPlus tells a FreeOTP+ backup by its keys.
func looksLikeFreeOTPPlus(probe map[string]json.RawMessage) bool {
	return probe["tokenOrder"] != nil || (probe["tokens"] != nil && strings.Contains(string(probe["tokens"]), `"issuerExt"`))
}

func decodeFreeOTPPlus(data []byte) (*Result, error) {
	var f freeOTPPlusFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, msg.New("freeotp.plus.json", jsonDetail(data, err))
	}
	if f.Tokens == nil {
		return nil, msg.New("freeotp.plus.no_tokens", nil)
	}
	return decodeFreeOTPPlusTokens(f)
}

// decodeFreeOTPPlusTokens imports the tokens of f in the order the app
// shows them.
func decodeFreeOTPPlusTokens(f freeOTPPlusFile) (*Result, error) {
	res := &Result{Format: FormatFreeOTPPlus}
	for _, i := range freeOTPOrder(f) {
		e := f.Tokens[i]
		t, name, err := e.token()
		if err != nil {
			res.skip(name, err)
			continue
		}
		secret, ok := javaBytes(e.Secret)
		if !ok {
			res.skip(name, msg.New("freeotp.secret_bytes", nil))
			continue
		}
		t.Secret = secret
		res.add(t)
	}
	return res, nil
}

// freeOTPOrder is the order the app shows the tokens in: as tokenOrder
// lists them, then any it does not list, in file order (FreeOTP+ itself
// would drop those; a move loses nothing).
func freeOTPOrder(f freeOTPPlusFile) []int {
	byID := map[string][]int{}
	for i, e := range f.Tokens {
		byID[e.id()] = append(byID[e.id()], i)
	}
	used := make([]bool, len(f.Tokens))
	var out []int
	for _, id := range f.TokenOrder {
		if list := byID[id]; len(list) > 0 {
			out = append(out, list[0])
			used[list[0]] = true
			byID[id] = list[1:]
		}
	}
	for i := range f.Tokens {
		if !used[i] {
			out = append(out, i)
		}
	}
	return out
}

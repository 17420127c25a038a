package vip

import (
	"context"
	"crypto/aes"
	"encoding/base64"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Response is the GetSharedSecretResponse as far as otptray reads it.
type Response struct {
	XMLName   xml.Name `xml:"GetSharedSecretResponse"`
	RequestID string   `xml:"RequestId,attr"`
	Status    struct {
		ReasonCode    string `xml:"ReasonCode"`
		StatusMessage string `xml:"StatusMessage"`
	} `xml:"Status"`
	SecretContainer *struct {
		EncryptionMethod struct {
			PBESalt           string `xml:"PBESalt"`
			PBEIterationCount string `xml:"PBEIterationCount"`
			IV                string `xml:"IV"`
		} `xml:"EncryptionMethod"`
		Device struct {
			Secret *ResponseSecret `xml:"Secret"`
		} `xml:"Device"`
	} `xml:"SecretContainer"`
	UTCTimestamp string `xml:"UTCTimestamp"`
}

// ResponseSecret is the credential inside a Response.
type ResponseSecret struct {
	ID    string `xml:"Id,attr"`
	Type  string `xml:"type,attr"`
	Usage struct {
		AI struct {
			Type string `xml:"type,attr"`
		} `xml:"AI"`
		TimeStep *string `xml:"TimeStep"`
		Counter  *string `xml:"Counter"`
	} `xml:"Usage"`
	Data struct {
		Cipher string `xml:"Cipher"`
	} `xml:"Data"`
	Expiry string `xml:"Expiry"`
}

// Info is what provisioning learns besides the token.
type Info struct {
	// ServerTime is the service's clock (whole seconds) when it answered.
	ServerTime time.Time
	// ServerSkew is the local clock minus the server's: positive when this
	// computer is fast. Whole seconds, so ±1 s is noise.
	ServerSkew time.Duration
}

// ServerError is a refusal by the VIP service, with its reason code.
type ServerError struct {
	Code    string // e.g. "4E0D"
	Message string // the service's own words, sanitised
	Model   string // the model asked for
}

// Known reason codes (from python-vipaccess's issue tracker and tests).
var reasonMessages = map[string]string{
	"4E00": "vip.reason.4E00",
	"4E0D": "vip.reason.4E0D",
	"4F04": "vip.reason.4F04",
}

// message is the refusal as a catalogue message: the known reason codes
// have their own explanation, the others a general one.
func (e *ServerError) message() *msg.Error {
	id, ok := reasonMessages[strings.ToUpper(e.Code)]
	if !ok {
		id = "vip.reason.other"
	}
	return msg.New(id, nil, "Code", e.Code, "Message", e.Message, "Model", e.Model)
}

func (e *ServerError) Error() string { return e.message().Error() }

// Unwrap gives the catalogue message, so the user sees the refusal in
// their language.
func (e *ServerError) Unwrap() error { return e.message() }

// Provision asks the VIP service for a new credential of the given model
// ("" is DefaultModel) and returns it as a token with its secret, plus what
// the answer says about the server's clock. Nothing is stored.
func Provision(ctx context.Context, cfg Config, model string) (token.Token, Info, error) {
	m, err := ValidModel(model)
	if err != nil {
		return token.Token{}, Info{}, err
	}
	endpoint := orDefault(cfg.ProvisionURL, DefaultProvisionURL)
	if _, err := CheckEndpoint(endpoint); err != nil {
		return token.Token{}, Info{}, err
	}
	ts := cfg.now().Unix()
	req, err := BuildRequest(ts, m, cfg.ClientID())
	if err != nil {
		return token.Token{}, Info{}, err
	}
	body, err := cfg.post(ctx, endpoint, "text/xml; charset=utf-8", req)
	if err != nil {
		return token.Token{}, Info{}, err
	}
	tok, info, err := ParseResponse(body, ts, m, cfg.now())
	if err != nil {
		return token.Token{}, Info{}, err
	}
	return tok, info, nil
}

// ParseResponse reads a GetSharedSecretResponse to the request made at the
// Unix time ts for model, decrypts the secret and returns the token. now is
// the local time the answer arrived, for the clock skew.
func ParseResponse(body []byte, ts int64, model string, now time.Time) (token.Token, Info, error) {
	var r Response
	if err := xml.Unmarshal(body, &r); err != nil {
		return token.Token{}, Info{}, msg.New("vip.response_xml", nil, "Detail", token.Shorten(err.Error(), 100))
	}
	code := strings.TrimSpace(r.Status.ReasonCode)
	if code == "" {
		return token.Token{}, Info{}, fieldError("Status/ReasonCode")
	}
	if code != successCode {
		return token.Token{}, Info{}, &ServerError{Code: token.Shorten(code, 12), Message: Sanitize([]byte(r.Status.StatusMessage), 120), Model: model}
	}
	if got := strings.TrimSpace(r.RequestID); got != strconv.FormatInt(ts, 10) {
		return token.Token{}, Info{}, msg.New("vip.request_id", nil, "Got", token.Shorten(got, 20), "Want", ts)
	}
	var info Info
	if s := strings.TrimSpace(r.UTCTimestamp); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return token.Token{}, Info{}, badField("UTCTimestamp")
		}
		info.ServerTime = time.Unix(sec, 0).UTC()
		info.ServerSkew = now.Truncate(time.Second).Sub(info.ServerTime)
	}
	if r.SecretContainer == nil {
		return token.Token{}, Info{}, fieldError("SecretContainer")
	}
	sec := r.SecretContainer.Device.Secret
	if sec == nil {
		return token.Token{}, Info{}, fieldError("SecretContainer/Device/Secret")
	}
	id := strings.ToUpper(strings.TrimSpace(sec.ID))
	if id == "" {
		return token.Token{}, Info{}, fieldError("Secret/@Id")
	}
	if !credIDRE.MatchString(id) {
		return token.Token{}, Info{}, badField("Secret/@Id")
	}
	t := token.Token{
		Name:      "VIP Access",
		Issuer:    "VIP Access",
		Account:   id,
		Algorithm: token.SHA1,
		Digits:    6,
		VIP:       &token.VIP{CredentialID: id, Model: model},
	}
	if ai := strings.TrimSpace(sec.Usage.AI.Type); ai != "" {
		alg, digits, ok := parseAI(ai)
		if !ok {
			return token.Token{}, Info{}, badField("Usage/AI@type")
		}
		t.Algorithm, t.Digits = alg, digits
	}
	switch step, ctr := sec.Usage.TimeStep, sec.Usage.Counter; {
	case step != nil && ctr != nil:
		return token.Token{}, Info{}, badField("Usage (both TimeStep and Counter)")
	case step != nil:
		p, err := strconv.Atoi(strings.TrimSpace(*step))
		if err != nil || p < 1 || p > 3600 {
			return token.Token{}, Info{}, badField("Usage/TimeStep")
		}
		t.Kind, t.Period = token.TOTP, p
	case ctr != nil:
		c, err := strconv.ParseUint(strings.TrimSpace(*ctr), 10, 64)
		if err != nil {
			return token.Token{}, Info{}, badField("Usage/Counter")
		}
		t.Kind, t.Counter = token.HOTP, c
	default:
		return token.Token{}, Info{}, fieldError("Usage/TimeStep or Usage/Counter")
	}
	if s := strings.TrimSpace(sec.Expiry); s != "" {
		exp, err := ParseExpiry(s)
		if err != nil {
			return token.Token{}, Info{}, badField("Secret/Expiry")
		}
		t.VIP.Expiry = exp
	}
	ivText := strings.TrimSpace(r.SecretContainer.EncryptionMethod.IV)
	if ivText == "" {
		return token.Token{}, Info{}, fieldError("EncryptionMethod/IV")
	}
	iv, err := base64.StdEncoding.DecodeString(ivText)
	if err != nil || len(iv) != aes.BlockSize {
		return token.Token{}, Info{}, badField("EncryptionMethod/IV")
	}
	ctText := strings.TrimSpace(sec.Data.Cipher)
	if ctText == "" {
		return token.Token{}, Info{}, fieldError("Secret/Data/Cipher")
	}
	ct, err := base64.StdEncoding.DecodeString(ctText)
	if err != nil {
		return token.Token{}, Info{}, badField("Secret/Data/Cipher")
	}
	secret, err := DecryptSecret(iv, ct)
	if err != nil {
		return token.Token{}, Info{}, err
	}
	t.Secret = secret
	if err := t.Validate(); err != nil {
		return token.Token{}, Info{}, err
	}
	return t, info, nil
}

var credIDRE = regexp.MustCompile(`^[A-Z0-9]{3,8}[0-9]{4,12}$`)

func fieldError(field string) error {
	return msg.New("vip.response_missing", nil, "Field", field)
}

func badField(field string) error {
	return msg.New("vip.response_field", nil, "Field", field)
}

// parseAI reads an algorithm identifier like HMAC-SHA1-TRUNC-6DIGITS.
func parseAI(ai string) (token.Algorithm, int, bool) {
	parts := strings.Split(strings.ToUpper(ai), "-")
	if len(parts) != 4 || parts[0] != "HMAC" || parts[2] != "TRUNC" || !strings.HasSuffix(parts[3], "DIGITS") {
		return "", 0, false
	}
	alg, ok := token.ParseAlgorithm(parts[1])
	if !ok {
		return "", 0, false
	}
	d, err := strconv.Atoi(strings.TrimSuffix(parts[3], "DIGITS"))
	if err != nil || d < 6 || d > 8 {
		return "", 0, false
	}
	return alg, d, true
}

// ParseExpiry reads the expiry date of a credential (ISO 8601 in UTC with
// milliseconds, as the service and python-vipaccess write it).
func ParseExpiry(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// FormatExpiry writes an expiry date as the service does:
// 2017-09-25T23:36:22.056Z.
func FormatExpiry(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

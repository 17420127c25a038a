package vip

import (
	"encoding/base64"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip/internal/vipcrypto"
)

// Protocol constants, as published by python-vipaccess
// (github.com/dlenski/python-vipaccess, vipaccess/provision.py) and
// re-checked against its test vectors.
const (
	namespace      = "http://www.verisign.com/2006/08/vipservice"
	xsiNamespace   = "http://www.w3.org/2001/XMLSchema-instance"
	appHandle      = "iMac010200"
	otpAlgorithm   = "HMAC-SHA1-TRUNC-6DIGITS"
	deliveryMethod = "HTTPS"
	successCode    = "0000"
	secretLen      = 20 // HMAC-SHA1 key bytes in every known answer
)

// DefaultModel is the token model offered first: the current desktop prefix.
const DefaultModel = "SYDC"

// Model describes a token model the VIP service issues.
type Model struct {
	Name string
	HOTP bool   // counter-based codes instead of 30 s codes
	Desc string // English, for help texts
}

// Models are the token models known to work; others that pass ValidModel may
// be tried too.
var Models = []Model{
	{Name: "SYDC", Desc: "desktop (current)"},
	{Name: "SYMC", Desc: "mobile (current)"},
	{Name: "VSST", Desc: "desktop (legacy)"},
	{Name: "VSMT", Desc: "mobile (legacy)"},
	{Name: "UBHE", HOTP: true, Desc: "hardware-style, counter based"},
	{Name: "FT10", HOTP: true, Desc: "hardware-style, counter based"},
	{Name: "FT11", HOTP: true, Desc: "hardware-style, counter based"},
	{Name: "FT12", HOTP: true, Desc: "hardware-style, counter based"},
}

var modelRE = regexp.MustCompile(`^[A-Z0-9]{3,4}$`)

// ValidModel upper-cases model and checks that it is 3-4 letters or digits,
// the only shape the service accepts (it answers 4E00 otherwise).
func ValidModel(model string) (string, error) {
	m := strings.ToUpper(strings.TrimSpace(model))
	if m == "" {
		m = DefaultModel
	}
	if !modelRE.MatchString(m) {
		return "", msg.New("vip.model", nil, "Model", token.Shorten(model, 20))
	}
	return m, nil
}

// Signature is the Data field of the request: base64 of
// HMAC-SHA256(HMACKey, ts+ts+ClientIDType+ClientID+DistChannel).
func Signature(ts int64, clientID string) string {
	return base64.StdEncoding.EncodeToString(vipcrypto.RequestMAC(ts, clientID))
}

// Request is the GetSharedSecret request, as sent and as a server reads it.
type Request struct {
	XMLName        xml.Name `xml:"GetSharedSecret"`
	Xmlns          string   `xml:"xmlns,attr"`
	XmlnsXSI       string   `xml:"xmlns:xsi,attr"`
	ID             string   `xml:"Id,attr"`
	Version        string   `xml:"Version,attr"`
	TokenModel     string   `xml:"TokenModel"`
	ActivationCode string   `xml:"ActivationCode"`
	OtpAlgorithm   struct {
		Type string `xml:"type,attr"`
	} `xml:"OtpAlgorithm"`
	DeliveryMethod string           `xml:"SharedSecretDeliveryMethod"`
	Extension      RequestExtension `xml:"Extension"`
}

// RequestExtension is the signed part of the request.
type RequestExtension struct {
	ExtVersion      string `xml:"extVersion,attr"`
	XSIType         string `xml:"xsi:type,attr"`
	XmlnsVIP        string `xml:"xmlns:vip,attr"`
	AppHandle       string `xml:"AppHandle"`
	ClientIDType    string `xml:"ClientIDType"`
	ClientID        string `xml:"ClientID"`
	DistChannel     string `xml:"DistChannel"`
	ClientTimestamp int64  `xml:"ClientTimestamp"`
	Data            string `xml:"Data"`
}

// ClientID is the free-text client name sent (and signed) in the request.
func (c Config) ClientID() string { return "otptray-" + c.version() }

// BuildRequest returns the signed GetSharedSecret request for model at the
// Unix time ts.
func BuildRequest(ts int64, model, clientID string) ([]byte, error) {
	r := Request{
		Xmlns:          namespace,
		XmlnsXSI:       xsiNamespace,
		ID:             strconv.FormatInt(ts, 10),
		Version:        "2.0",
		TokenModel:     model,
		DeliveryMethod: deliveryMethod,
		Extension: RequestExtension{
			ExtVersion:      "auth",
			XSIType:         "vip:ProvisionInfoType",
			XmlnsVIP:        namespace,
			AppHandle:       appHandle,
			ClientIDType:    vipcrypto.ClientIDType,
			ClientID:        clientID,
			DistChannel:     vipcrypto.DistChannel,
			ClientTimestamp: ts,
			Data:            Signature(ts, clientID),
		},
	}
	r.OtpAlgorithm.Type = otpAlgorithm
	body, err := xml.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), body...), nil
}

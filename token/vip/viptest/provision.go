package viptest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/token/vip"
)

func (s *Server) provision(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		s.reject(w, "read: "+err.Error())
		return
	}
	var req vip.Request
	if err := xml.Unmarshal(body, &req); err != nil {
		s.reject(w, "request XML: "+err.Error())
		return
	}
	if why := checkRequest(req, body); why != "" {
		s.reject(w, why)
		return
	}
	s.mu.Lock()
	fault, code, msg, hung := s.Fault, s.ReasonCode, s.ReasonMessage, s.hung
	s.mu.Unlock()
	switch fault {
	case Hang:
		select {
		case <-r.Context().Done():
		case <-hung:
		}
		return
	case HTTP500:
		http.Error(w, "<html><body><h1>Internal Server Error</h1></body></html>", http.StatusInternalServerError)
		return
	case Huge:
		w.Header().Set("Content-Type", "text/xml")
		chunk := []byte(strings.Repeat("<Padding>xxxxxxxxxxxxxxxxxxxxxxxx</Padding>\n", 1000))
		for range 100 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		return
	case Malformed:
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, "<GetSharedSecretResponse RequestId=\""+req.ID+"\"><Status><ReasonCode>0000</Reason")
		return
	}
	now := s.now()
	if code != "" {
		s.answer(w, fmt.Sprintf(statusOnly, req.ID, esc(code), esc(msg), now.Unix()))
		return
	}
	model := strings.ToUpper(req.TokenModel)
	hotpModel := false
	for _, m := range vip.Models {
		if m.Name == model {
			hotpModel = m.HOTP
		}
	}
	secret := make([]byte, 20)
	iv := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		panic(err)
	}
	if _, err := rand.Read(iv); err != nil {
		panic(err)
	}
	plain := secret
	switch fault {
	case WrongContent:
		plain = secret[:16]
	}
	ct, err := EncryptSecret(iv, plain)
	if err != nil {
		panic(err)
	}
	if fault == BadPadding {
		ct[len(ct)-1] ^= 0x5a // the last block decrypts to noise
	}
	s.mu.Lock()
	s.serial++
	id := fmt.Sprintf("%s%08d", model, 10000000+s.serial*7919%89999999)
	cred := &Credential{ID: id, Model: model, Secret: secret, HOTP: hotpModel, Expiry: now.Add(3 * 365 * 24 * time.Hour).UTC().Truncate(time.Millisecond)}
	if hotpModel {
		cred.Counter = 1
	}
	if fault == None {
		s.creds[id] = cred
		s.order = append(s.order, id)
	}
	s.mu.Unlock()

	usage := "<TimeStep>30</TimeStep><Time>0</Time><ClockDrift>4</ClockDrift>"
	if hotpModel {
		usage = "<Counter>" + strconv.FormatUint(cred.Counter, 10) + "</Counter>"
	}
	ivText := "<IV>" + base64.StdEncoding.EncodeToString(iv) + "</IV>"
	if fault == MissingIV {
		ivText = ""
	}
	idAttr := ` Id="` + id + `"`
	if fault == MissingID {
		idAttr = ""
	}
	reqID := req.ID
	if fault == WrongRequest {
		reqID = "1"
	}
	s.answer(w, fmt.Sprintf(success, reqID, ivText, idAttr, usage,
		base64.StdEncoding.EncodeToString(ct), vip.FormatExpiry(cred.Expiry), now.Unix()))
}

func (s *Server) answer(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = io.WriteString(w, body)
}

// checkRequest verifies what a real server would: the fields and the
// signature.
func checkRequest(req vip.Request, body []byte) string {
	ts, err := strconv.ParseInt(req.ID, 10, 64)
	switch {
	case err != nil:
		return "Id is not a number"
	case req.Version != "2.0":
		return "Version " + req.Version
	case req.XMLName.Space != "http://www.verisign.com/2006/08/vipservice":
		return "namespace " + req.XMLName.Space
	case len(req.TokenModel) < 3 || len(req.TokenModel) > 4:
		return "token model " + req.TokenModel
	case req.OtpAlgorithm.Type != "HMAC-SHA1-TRUNC-6DIGITS":
		return "OtpAlgorithm " + req.OtpAlgorithm.Type
	case req.DeliveryMethod != "HTTPS":
		return "SharedSecretDeliveryMethod " + req.DeliveryMethod
	case !strings.Contains(string(body), "<ActivationCode></ActivationCode>"):
		return "no empty ActivationCode"
	case req.Extension.ExtVersion != "auth" || xsiType(body) != "vip:ProvisionInfoType":
		return "Extension attributes"
	case req.Extension.AppHandle != "iMac010200":
		return "AppHandle " + req.Extension.AppHandle
	case req.Extension.ClientIDType != "BOARDID":
		return "ClientIDType " + req.Extension.ClientIDType
	case req.Extension.DistChannel != "Symantec":
		return "DistChannel " + req.Extension.DistChannel
	case req.Extension.ClientTimestamp != ts:
		return "ClientTimestamp differs from Id"
	case !VerifySignature(ts, req.Extension.ClientID, req.Extension.Data):
		return "bad signature"
	}
	return ""
}

// xsiType reads Extension's xsi:type as a namespace-aware reader does (the
// prefix resolved to the XML Schema instance namespace).
func xsiType(body []byte) string {
	var r struct {
		Ext struct {
			Type string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
		} `xml:"Extension"`
	}
	if xml.Unmarshal(body, &r) != nil {
		return ""
	}
	return r.Ext.Type
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

const statusOnly = `<?xml version="1.0" encoding="UTF-8"?>
<GetSharedSecretResponse RequestId="%s" Version="2.0" xmlns="http://www.verisign.com/2006/08/vipservice">
  <Status>
    <ReasonCode>%s</ReasonCode>
    <StatusMessage>%s</StatusMessage>
  </Status>
  <UTCTimestamp>%d</UTCTimestamp>
</GetSharedSecretResponse>
`

const success = `<?xml version="1.0" encoding="UTF-8"?>
<GetSharedSecretResponse RequestId="%s" Version="2.0" xmlns="http://www.verisign.com/2006/08/vipservice">
  <Status>
    <ReasonCode>0000</ReasonCode>
    <StatusMessage>Success</StatusMessage>
  </Status>
  <SharedSecretDeliveryMethod>HTTPS</SharedSecretDeliveryMethod>
  <SecretContainer Version="1.0">
    <EncryptionMethod>
      <PBESalt>c2FsdHNhbHRzYWx0c2FsdHNhbHQ=</PBESalt>
      <PBEIterationCount>50</PBEIterationCount>
      %s
    </EncryptionMethod>
    <Device>
      <Secret type="HOTP"%s>
        <Issuer>OU = ID Protection Center, O = VeriSign, Inc.</Issuer>
        <Usage otp="true">
          <AI type="HMAC-SHA1-TRUNC-6DIGITS"/>
          %s
        </Usage>
        <FriendlyName>OU = ID Protection Center, O = VeriSign, Inc.</FriendlyName>
        <Data>
          <Cipher>%s</Cipher>
          <Digest algorithm="HMAC-SHA1">AAAAAAAAAAAAAAAAAAAAAAAAAAA=</Digest>
        </Data>
        <Expiry>%s</Expiry>
      </Secret>
    </Device>
  </SecretContainer>
  <UTCTimestamp>%d</UTCTimestamp>
</GetSharedSecretResponse>
`

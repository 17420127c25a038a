// Package fakevip is a VIP Access server for tests: it implements the
// provisioning and validation protocol for real (it checks the request
// signature, issues a random secret encrypted with the published key and a
// random IV, and judges codes against the secrets it issued), and can be
// told to misbehave in the ways a real server or network might.
package fakevip

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

// Fault makes the provisioning endpoint misbehave.
type Fault string

const (
	None         Fault = ""
	Malformed    Fault = "malformed"     // not XML at all
	MissingIV    Fault = "missing-iv"    // no EncryptionMethod/IV
	MissingID    Fault = "missing-id"    // no Secret/@Id
	BadPadding   Fault = "bad-padding"   // cipher text that does not unpad
	WrongContent Fault = "wrong-content" // unpads, but holds 16 bytes
	WrongRequest Fault = "wrong-request" // RequestId of another request
	HTTP500      Fault = "http500"       // status 500 with a page
	Hang         Fault = "hang"          // never answers (until the client gives up)
	Huge         Fault = "huge"          // an answer of several MiB
)

// Faults lists every fault, for table tests.
var Faults = []Fault{Malformed, MissingIV, MissingID, BadPadding, WrongContent, WrongRequest, HTTP500, Hang, Huge}

// Answer makes the validation endpoints answer a fixed way.
type Answer string

const (
	Judge     Answer = ""           // judge the codes against the issued secret
	Garbage   Answer = "garbage"    // a page with none of the known phrases
	SyncState Answer = "needs-sync" // every check says the credential needs a sync
)

// Credential is one credential the server issued.
type Credential struct {
	ID      string
	Model   string
	Secret  []byte
	HOTP    bool
	Counter uint64
	Expiry  time.Time
}

// Token is the credential as otptray would store it.
func (c Credential) Token() token.Token {
	t := token.Token{Kind: token.TOTP, Period: 30, Digits: 6, Algorithm: token.SHA1, Secret: c.Secret}
	if c.HOTP {
		t.Kind, t.Period, t.Counter = token.HOTP, 0, c.Counter
	}
	return t
}

// Server is the fake. Its fields may be changed between requests (under
// Lock/Unlock, or through the setters).
type Server struct {
	mu sync.Mutex

	// Now is the server's clock; nil is time.Now.
	Now func() time.Time
	// ReasonCode and ReasonMessage, when set, refuse every provisioning
	// request with that status.
	ReasonCode, ReasonMessage string
	Fault                     Fault
	Answer                    Answer
	// Hung is closed to release requests held by the Hang fault; Close does.
	hung chan struct{}

	creds    map[string]*Credential
	order    []string
	forms    []Form
	rejected []string
	serial   int
}

// Form is one request received by a validation endpoint.
type Form struct {
	Path   string
	Fields map[string]string
	Agent  string
}

// New returns a server with no credentials.
func New() *Server {
	return &Server{creds: map[string]*Credential{}, hung: make(chan struct{})}
}

// Close releases requests that hang.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.hung:
	default:
		close(s.hung)
	}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SetFault sets the provisioning fault.
func (s *Server) SetFault(f Fault) { s.mu.Lock(); s.Fault = f; s.mu.Unlock() }

// SetReason makes provisioning answer with a reason code ("" clears it).
func (s *Server) SetReason(code, msg string) {
	s.mu.Lock()
	s.ReasonCode, s.ReasonMessage = code, msg
	s.mu.Unlock()
}

// SetAnswer sets how the validation endpoints answer.
func (s *Server) SetAnswer(a Answer) { s.mu.Lock(); s.Answer = a; s.mu.Unlock() }

// Credentials returns the credentials issued so far, oldest first.
func (s *Server) Credentials() []Credential {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Credential, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.creds[id])
	}
	return out
}

// Credential returns the issued credential with the given ID.
func (s *Server) Credential(id string) (Credential, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.creds[id]
	if !ok {
		return Credential{}, false
	}
	return *c, true
}

// Forms returns the validation requests received so far.
func (s *Server) Forms() []Form {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Form(nil), s.forms...)
}

// Rejected lists why requests were refused as invalid (bad signature,
// missing fields...): a test expects it empty.
func (s *Server) Rejected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rejected...)
}

func (s *Server) reject(w http.ResponseWriter, why string) {
	s.mu.Lock()
	s.rejected = append(s.rejected, why)
	s.mu.Unlock()
	http.Error(w, why, http.StatusBadRequest)
}

// ServeHTTP answers /prov, /otpCheck and /otpSync.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.reject(w, "method "+r.Method)
		return
	}
	if !strings.HasPrefix(r.UserAgent(), "otptray/") {
		s.reject(w, "user agent "+r.UserAgent())
		return
	}
	switch r.URL.Path {
	case vip.ProvisionPath:
		s.provision(w, r)
	case vip.CheckPath, vip.SyncPath:
		s.validate(w, r)
	default:
		http.NotFound(w, r)
	}
}

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
	ct, err := vip.EncryptSecret(iv, plain)
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
	case !vip.VerifySignature(ts, req.Extension.ClientID, req.Extension.Data):
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

// Pages of the validation service; only the key phrases matter to clients.
const (
	pageWorking   = "<html><body><div class=\"result\">Your VIP Credential is working correctly.</div></body></html>"
	pageSynced    = "<html><body><div class=\"result\">Your VIP Credential is successfully synced.</div></body></html>"
	pageNeedsSync = "<html><body><div class=\"result\">Your VIP credential needs to be sync. Please sync it.</div></body></html>"
	pageGarbage   = "<html><head><title>Maintenance</title><script>var x=1;</script></head>\n<body>\n<p>The service   is\tdown for\x07 maintenance.</p></body></html>"
	pageInvalid   = "<html><body><div class=\"error\">The credential ID or security code you entered is not valid.</div></body></html>"
)

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		s.reject(w, "content type "+ct)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.reject(w, "form: "+err.Error())
		return
	}
	fields := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) != 1 {
			s.reject(w, "field "+k+" repeated")
			return
		}
		fields[k] = v[0]
	}
	sync := r.URL.Path == vip.SyncPath
	s.mu.Lock()
	s.forms = append(s.forms, Form{Path: r.URL.Path, Fields: fields, Agent: r.UserAgent()})
	answer := s.Answer
	cred, known := s.creds[fields["cred"]]
	var c Credential
	if known {
		c = *cred
	}
	s.mu.Unlock()

	wantCont := "otp_check"
	if sync {
		wantCont = "otp_sync"
	}
	if fields["continue"] != wantCont {
		s.reject(w, "continue="+fields["continue"])
		return
	}
	first, ok := digits(fields, "cr")
	if !ok {
		s.reject(w, "cr1..cr6")
		return
	}
	var second string
	if sync {
		if second, ok = digits(fields, "ncr"); !ok {
			s.reject(w, "ncr1..ncr6")
			return
		}
	}
	switch answer {
	case Garbage:
		s.page(w, pageGarbage)
		return
	case SyncState:
		if !sync {
			s.page(w, pageNeedsSync)
			return
		}
	}
	if !known {
		s.page(w, pageInvalid)
		return
	}
	t := c.Token()
	if c.HOTP {
		// Accept any counter ahead of the server's within a small window.
		for n := c.Counter; n < c.Counter+10; n++ {
			a, _ := codeAt(t, time.Time{}, n)
			b, _ := codeAt(t, time.Time{}, n+1)
			if a == first && (!sync || b == second) {
				s.mu.Lock()
				s.creds[c.ID].Counter = n + 1
				if sync {
					s.creds[c.ID].Counter = n + 2
				}
				s.mu.Unlock()
				s.page(w, ternary(sync, pageSynced, pageWorking))
				return
			}
		}
		s.page(w, ternary(sync, pageNeedsSync, pageInvalid))
		return
	}
	now := s.now()
	if sync {
		// cr is the code one period before ncr, within a few periods of now.
		for d := -3; d <= 3; d++ {
			at := now.Add(time.Duration(d*30) * time.Second)
			cur, _ := codeAt(t, at, 0)
			prev, _ := codeAt(t, at.Add(-30*time.Second), 0)
			if cur == second && prev == first {
				s.page(w, pageSynced)
				return
			}
		}
		s.page(w, pageNeedsSync)
		return
	}
	// A check accepts the current period and its neighbours; a code further
	// off (up to ten periods) means the credential drifted.
	for d := -10; d <= 10; d++ {
		code, _ := codeAt(t, now.Add(time.Duration(d*30)*time.Second), 0)
		if code == first {
			if d >= -1 && d <= 1 {
				s.page(w, pageWorking)
			} else {
				s.page(w, pageNeedsSync)
			}
			return
		}
	}
	s.page(w, pageInvalid)
}

func ternary(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func (s *Server) page(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, body)
}

func digits(f map[string]string, prefix string) (string, bool) {
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		d := f[prefix+strconv.Itoa(i)]
		if len(d) != 1 || d[0] < '0' || d[0] > '9' {
			return "", false
		}
		b.WriteString(d)
	}
	return b.String(), true
}

// Code is the code of the issued credential id at the instant at (TOTP) or
// for counter (HOTP): what the real service would expect.
func (s *Server) Code(id string, at time.Time, counter uint64) (string, error) {
	c, ok := s.Credential(id)
	if !ok {
		return "", fmt.Errorf("fakevip: no credential %s", id)
	}
	return codeAt(c.Token(), at, counter)
}

// codeAt computes the code independently of package token (RFC 4226
// dynamic truncation, RFC 6238 time steps), so tests that compare with
// otptray's own codes compare two implementations.
func codeAt(t token.Token, at time.Time, counter uint64) (string, error) {
	if len(t.Secret) == 0 {
		return "", fmt.Errorf("fakevip: no secret")
	}
	if t.Kind != token.HOTP {
		counter = uint64(at.Unix() / 30)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m := hmac.New(sha1.New, t.Secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", bin%1000000), nil
}

// Package viptest is a VIP Access server for tests: it implements the
// provisioning and validation protocol for real (it checks the request
// signature, issues a random secret encrypted with the published key and a
// random IV, and judges codes against the secrets it issued), and can be
// told to misbehave in the ways a real server or network might.
package viptest

import (
	"net/http"
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

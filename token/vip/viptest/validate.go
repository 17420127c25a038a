package viptest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
)

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

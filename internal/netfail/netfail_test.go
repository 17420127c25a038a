package netfail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

// closedPort is a loopback address where nothing listens: a listener's,
// closed again.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// nxdomainStub is a DNS server on loopback UDP that answers every query
// "no such name" (RCODE 3), as a resolver does for a name that does not
// exist; it stops with the test.
func nxdomainStub(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 12 {
				continue
			}
			// The query echoed as its answer: QR set, recursion available,
			// RCODE 3 (RFC 1035 §4.1.1), the question and any OPT record
			// kept.
			resp := append([]byte(nil), buf[:n]...)
			resp[2] |= 0x80
			resp[3] = 0x80 | 3
			_, _ = pc.WriteTo(resp, from)
		}
	}()
	return pc.LocalAddr().String()
}

// resolverAt is a resolver that asks only the DNS server at addr.
func resolverAt(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

// clientWith is an HTTP client whose names are looked up by r.
func clientWith(r *net.Resolver) *http.Client {
	d := &net.Dialer{Resolver: r}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

func TestClassifyLoopback(t *testing.T) {
	ctx := context.Background()
	refused := closedPort(t)
	stub := nxdomainStub(t)

	_, dialRefused := net.Dial("tcp", refused)
	_, getRefused := http.Get("http://" + refused + "/")

	_, notFound := resolverAt(stub).LookupHost(ctx, "nosuch.example")
	var dns *net.DNSError
	if !errors.As(notFound, &dns) || !dns.IsNotFound {
		t.Fatalf("the stub's answer is not a not-found DNSError: %#v", notFound)
	}
	_, getNotFound := clientWith(resolverAt(stub)).Get("http://nosuch.example/")

	// A resolver that cannot be reached: its port is closed.
	_, noResolver := resolverAt(refused).LookupHost(ctx, "pool.ntp.org")
	_, getNoResolver := clientWith(resolverAt(refused)).Get("https://pool.ntp.org/")

	// A server that accepts and never answers, read with a tiny deadline.
	hang, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hang.Close()
	conn, err := net.Dial("tcp", hang.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(time.Millisecond))
	_, readTimeout := conn.Read(make([]byte, 1))
	_, getTimeout := (&http.Client{Timeout: 10 * time.Millisecond}).Get("http://" + hang.Addr().String() + "/")
	dctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	<-dctx.Done()
	_, dialDeadline := (&net.Dialer{}).DialContext(dctx, "tcp", hang.Addr().String())

	// TLS: a certificate of no known authority; plain HTTP answering TLS.
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	_, unknownCA := http.Get(tlsSrv.URL)
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	_, notTLS := tls.Dial("tcp", plain.Listener.Addr().String(), &tls.Config{ServerName: "example.com"})

	for _, tt := range []struct {
		name string
		err  error
		want Kind
	}{
		{"dial a closed port", dialRefused, Refused},
		{"GET a closed port", getRefused, Refused},
		{"lookup of a name that does not exist", notFound, Offline},
		{"GET a name that does not exist", getNotFound, Offline},
		{"lookup with no resolver reachable", noResolver, Offline},
		{"GET with no resolver reachable", getNoResolver, Offline},
		{"read past a deadline", readTimeout, Timeout},
		{"GET with a client timeout", getTimeout, Timeout},
		{"dial past the context's deadline", dialDeadline, Timeout},
		{"a certificate of an unknown authority", unknownCA, TLS},
		{"https to a plain http server", notTLS, TLS},
		{"wrapped", fmt.Errorf("check: %w", msg.New("update.check", getRefused)), Refused},
		{"nil", nil, Other},
		{"another error", errors.New("unexpected EOF"), Other},
		{"a file error", fs.ErrNotExist, Other},
		{"context cancelled", context.Canceled, Other},
	} {
		if tt.err == nil && tt.want != Other {
			t.Errorf("%s: no error produced", tt.name)
			continue
		}
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("%s: Classify(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestWorst(t *testing.T) {
	offline := &net.DNSError{Err: "no such host", Name: "pool.ntp.org", IsNotFound: true}
	timeout := context.DeadlineExceeded
	for _, tt := range []struct {
		errs []error
		want Kind
	}{
		{nil, Other},
		{[]error{timeout, offline}, Offline},
		{[]error{timeout}, Timeout},
		{[]error{timeout, errors.New("the answer has no Date header")}, Other},
	} {
		if got := Worst(tt.errs...); got != tt.want {
			t.Errorf("Worst(%v) = %v, want %v", tt.errs, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	ids := IDs{Offline: "a.offline", Refused: "a.refused"}
	_, err := http.Get("http://" + closedPort(t) + "/")
	e := Explain(ids, err, "Host", "x")
	var m *msg.Error
	if !errors.As(e, &m) || m.ID != "a.refused" || !m.Plain || m.Args["Host"] != "x" {
		t.Fatalf("Explain = %#v", e)
	}
	// url.Error's "Get "http://...": " is left out of the detail.
	var ue *url.Error
	if !errors.As(err, &ue) || m.Cause != ue.Err {
		t.Errorf("the detail is %#v, want the url.Error's cause", m.Cause)
	}
	if Explain(ids, context.DeadlineExceeded) != nil {
		t.Error("a kind without a message is explained")
	}
	if Explain(ids, errors.New("x")) != nil {
		t.Error("another error is explained")
	}
}

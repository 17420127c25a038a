package vip_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/token/vip/viptest"
)

// newFake starts a fake VIP server on 127.0.0.1 and a Config pointing at it.
func newFake(t *testing.T) (*viptest.Server, vip.Config) {
	t.Helper()
	fake := viptest.New()
	srv := httptest.NewServer(fake)
	t.Cleanup(func() {
		fake.Close()
		srv.Close()
		if r := fake.Rejected(); len(r) > 0 {
			t.Errorf("the fake server rejected requests: %q", r)
		}
	})
	return fake, vip.Config{Version: "1.2.3"}.WithBase(srv.URL)
}

func TestProvisionAgainstFakeServer(t *testing.T) {
	for _, tt := range []struct {
		model, wantModel string
		hotp             bool
	}{
		{"", "SYDC", false},
		{"sydc", "SYDC", false},
		{"SYMC", "SYMC", false},
		{"VSST", "VSST", false},
		{"VSMT", "VSMT", false},
		{"UBHE", "UBHE", true},
		{"FT11", "FT11", true},
	} {
		t.Run(tt.wantModel+"/"+tt.model, func(t *testing.T) {
			fake, cfg := newFake(t)
			tok, info, err := vip.Provision(context.Background(), cfg, tt.model)
			if err != nil {
				t.Fatal(err)
			}
			creds := fake.Credentials()
			if len(creds) != 1 {
				t.Fatalf("server issued %d credentials", len(creds))
			}
			c := creds[0]
			if tok.VIP == nil || tok.VIP.CredentialID != c.ID || tok.VIP.Model != tt.wantModel || !strings.HasPrefix(c.ID, tt.wantModel) {
				t.Fatalf("token VIP %+v, server issued %s", tok.VIP, c.ID)
			}
			if !tok.VIP.Expiry.Equal(c.Expiry) {
				t.Errorf("expiry %v, server says %v", tok.VIP.Expiry, c.Expiry)
			}
			if info.ServerSkew < -time.Second || info.ServerSkew > time.Second {
				t.Errorf("skew %v against a server on this machine", info.ServerSkew)
			}
			if tt.hotp {
				if tok.Kind != token.HOTP || tok.Counter != c.Counter {
					t.Fatalf("kind %s counter %d, server counter %d", tok.Kind, tok.Counter, c.Counter)
				}
				for n := uint64(0); n < 5; n++ {
					tok.Counter = n
					want, _ := fake.Code(c.ID, time.Time{}, n)
					if got := code(t, tok, time.Time{}); got != want {
						t.Errorf("counter %d: code %s, server %s", n, got, want)
					}
				}
				return
			}
			if tok.Kind != token.TOTP || tok.Period != 30 {
				t.Fatalf("kind %s period %d", tok.Kind, tok.Period)
			}
			for _, at := range []int64{59, 1_700_000_000, 1_700_000_029, 1_700_000_030, 2_000_000_000} {
				want, _ := fake.Code(c.ID, time.Unix(at, 0), 0)
				if got := code(t, tok, time.Unix(at, 0)); got != want {
					t.Errorf("t=%d: code %s, server %s", at, got, want)
				}
			}
		})
	}
}

// countingClient fails the test if any request is sent.
func countingClient(n *atomic.Int32) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		n.Add(1)
		return nil, errors.New("no network in tests")
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func errID(err error) string {
	var te *msg.Error
	if errors.As(err, &te) {
		return te.ID
	}
	return ""
}

func TestProvisionRefusedBeforeSending(t *testing.T) {
	tests := []struct {
		name, url, model, id string
	}{
		{"short model", "https://vip.example/prov", "SY", "vip.model"},
		{"long model", "https://vip.example/prov", "SYDCX", "vip.model"},
		{"dash", "https://vip.example/prov", "SY-C", "vip.model"},
		{"space inside", "https://vip.example/prov", "SY C", "vip.model"},
		{"full-width", "https://vip.example/prov", "ＳＹＤＣ", "vip.model"},
		{"markup", "https://vip.example/prov", "<a/>", "vip.model"},
		{"http to a host", "http://services.vip.symantec.com/prov", "SYDC", "vip.endpoint_scheme"},
		{"http to a LAN address", "http://192.168.1.10/prov", "SYDC", "vip.endpoint_scheme"},
		{"http to a name ending in localhost", "http://evil-localhost.example/prov", "SYDC", "vip.endpoint_scheme"},
		{"ftp", "ftp://127.0.0.1/prov", "SYDC", "vip.endpoint_scheme"},
		{"no host", "https:///prov", "SYDC", "vip.endpoint_bad"},
		{"not a URL", "::", "SYDC", "vip.endpoint_bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent atomic.Int32
			cfg := vip.Config{ProvisionURL: tt.url, Client: countingClient(&sent)}
			tok, _, err := vip.Provision(context.Background(), cfg, tt.model)
			if errID(err) != tt.id {
				t.Fatalf("err = %v (%s), want %s", err, errID(err), tt.id)
			}
			if sent.Load() != 0 || tok.Secret != nil {
				t.Error("a request was sent or a token returned")
			}
		})
	}
}

func TestCheckEndpoint(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://services.vip.symantec.com/prov": true,
		"https://127.0.0.1:8443/prov":            true,
		"http://127.0.0.1:8080/prov":             true,
		"http://127.0.0.2/prov":                  true,
		"http://localhost:1234":                  true,
		"http://LOCALHOST:1234":                  true,
		"http://[::1]:8080/prov":                 true,
		"http://example.com/prov":                false,
		"http://10.0.0.1/prov":                   false,
		"http://[::ffff:10.0.0.1]/prov":          false,
		"http://localhost.example.com/":          false,
		"file:///etc/passwd":                     false,
		"javascript:alert(1)":                    false,
		"":                                       false,
	} {
		_, err := vip.CheckEndpoint(raw)
		if (err == nil) != ok {
			t.Errorf("CheckEndpoint(%q) = %v", raw, err)
		}
	}
}

func TestProvisionServerErrors(t *testing.T) {
	tests := []struct {
		code, msg, id string
		words         []string
	}{
		{"4E00", "Malformed request", "vip.reason.4E00", []string{"4E00", "Malformed request", "malformed"}},
		{"4E0D", "Unsupported token model", "vip.reason.4E0D", []string{"4E0D", "does not issue the token model VSMT", "try SYDC, SYMC or VSST"}},
		{"4F04", "Expired or unsupported mobile application", "vip.reason.4F04", []string{"4F04", "needs an update"}},
		{"5002", "Internal <b>error</b>", "vip.reason.other", []string{"5002", "Internal error"}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			fake, cfg := newFake(t)
			fake.SetReason(tt.code, tt.msg)
			tok, _, err := vip.Provision(context.Background(), cfg, "VSMT")
			var se *vip.ServerError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *vip.ServerError", err)
			}
			if se.Code != tt.code || errID(se) != tt.id || tok.Secret != nil {
				t.Errorf("code %s id %s", se.Code, errID(se))
			}
			for _, w := range tt.words {
				if !strings.Contains(inEnglish(err), w) {
					t.Errorf("%q lacks %q", inEnglish(err), w)
				}
			}
		})
	}
	// The reason codes python-vipaccess's users have met each have their
	// own explanation, in either case.
	for _, c := range []string{"4E00", "4E0D", "4F04", "4e0d"} {
		if id := errID(&vip.ServerError{Code: c}); id != "vip.reason."+strings.ToUpper(c) {
			t.Errorf("code %s: message %s", c, id)
		}
	}
}

func TestProvisionFaults(t *testing.T) {
	want := map[viptest.Fault]string{
		viptest.Malformed:    "vip.response_xml",
		viptest.MissingIV:    "vip.response_missing",
		viptest.MissingID:    "vip.response_missing",
		viptest.BadPadding:   "vip.decrypt_padding",
		viptest.WrongContent: "vip.decrypt_length",
		viptest.WrongRequest: "vip.request_id",
		viptest.HTTP500:      "vip.http_status",
		viptest.Hang:         "vip.timeout",
		viptest.Huge:         "vip.too_large",
	}
	if len(want) != len(viptest.Faults) {
		t.Fatalf("%d faults, %d expectations", len(viptest.Faults), len(want))
	}
	for _, f := range viptest.Faults {
		t.Run(string(f), func(t *testing.T) {
			fake, cfg := newFake(t)
			fake.SetFault(f)
			cfg.Timeout = 200 * time.Millisecond
			tok, _, err := vip.Provision(context.Background(), cfg, "SYDC")
			if errID(err) != want[f] {
				t.Fatalf("err = %v (%s), want %s", err, errID(err), want[f])
			}
			if tok.Secret != nil || tok.VIP != nil {
				t.Error("a token came back with the error")
			}
			if strings.Contains(inEnglish(err), "%!") || strings.Contains(inEnglish(err), "<no value>") {
				t.Errorf("message badly rendered: %q", inEnglish(err))
			}
		})
	}
}

func TestProvisionCallerCancels(t *testing.T) {
	fake, cfg := newFake(t)
	fake.SetFault(viptest.Hang)
	ctx, cancel := context.WithCancel(context.Background())
	// Before or after the request left, a cancelled context ends it.
	time.AfterFunc(20*time.Millisecond, cancel)
	_, _, err := vip.Provision(ctx, cfg, "SYDC")
	if errID(err) != "vip.canceled" {
		t.Fatalf("err = %v, want vip.canceled", err)
	}
}

func TestParseResponseMissingFields(t *testing.T) {
	tests := []struct {
		name, from, to, id string
	}{
		{"no status", "<Status><ReasonCode>0000</ReasonCode><StatusMessage>Success</StatusMessage></Status>", "", "vip.response_missing"},
		{"no container", "<SecretContainer Version=\"1.0\">", "<Other>", "vip.response_missing"},
		{"no usage step", "<TimeStep>30</TimeStep>", "", "vip.response_missing"},
		{"both step and counter", "<TimeStep>30</TimeStep>", "<TimeStep>30</TimeStep><Counter>1</Counter>", "vip.response_field"},
		{"bad step", "<TimeStep>30</TimeStep>", "<TimeStep>thirty</TimeStep>", "vip.response_field"},
		{"bad AI", "HMAC-SHA1-TRUNC-6DIGITS", "HMAC-MD5-TRUNC-6DIGITS", "vip.response_field"},
		{"no cipher", "<Cipher>ILBweOCEOoMBLJARzoeUIlu0+5m6b3khZljd5dozARk=</Cipher>", "", "vip.response_missing"},
		{"cipher not base64", "ILBweOCEOoMBLJARzoeUIlu0+5m6b3khZljd5dozARk=", "not*base64", "vip.response_field"},
		{"IV too short", "Fsg1KafmAX80gUEDADijHw==", "Fsg1KafmAX8=", "vip.response_field"},
		{"bad expiry", "2017-09-25T23:36:22.056Z", "next year", "vip.response_field"},
		{"bad server time", "<UTCTimestamp>1412030065</UTCTimestamp>", "<UTCTimestamp>soon</UTCTimestamp>", "vip.response_field"},
		{"bad id", `Id="SYMC26070843"`, `Id="&lt;script&gt;"`, "vip.response_field"},
		{"other request", `RequestId="1412030064"`, `RequestId="1412030063"`, "vip.request_id"},
		{"empty body", vectorC, "", "vip.response_xml"},
		{"html", vectorC, "<html><body>Service unavailable</body></html>", "vip.response_xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(vectorC, tt.from, tt.to, 1)
			if body == vectorC {
				t.Fatal("fixture edit did not apply")
			}
			if tt.name == "no container" {
				body = strings.Replace(body, "</SecretContainer>", "</Other>", 1)
			}
			tok, _, err := vip.ParseResponse([]byte(body), 1412030064, "SYMC", time.Unix(1412030065, 0))
			if errID(err) != tt.id {
				t.Fatalf("err = %v (%s), want %s", err, errID(err), tt.id)
			}
			if tok.Secret != nil {
				t.Error("secret returned with an error")
			}
		})
	}
}

func TestUserAgentAndTimeoutConfig(t *testing.T) {
	var agent, ctype string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent, ctype = r.UserAgent(), r.Header.Get("Content-Type")
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	cfg := vip.Config{Version: "9.8.7"}.WithBase(srv.URL + "/")
	_, _, err := vip.Provision(context.Background(), cfg, "SYDC")
	if errID(err) != "vip.http_status" || !strings.Contains(inEnglish(err), "418") {
		t.Errorf("err = %v", err)
	}
	if agent != "otptray/9.8.7" || !strings.HasPrefix(ctype, "text/xml") {
		t.Errorf("User-Agent %q, Content-Type %q", agent, ctype)
	}
}

func TestRedirectToPlainHTTPRefused(t *testing.T) {
	var hits atomic.Int32
	// A loopback http server may redirect only to another allowed address.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://example.com/prov", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	_, _, err := vip.Provision(context.Background(), vip.Config{}.WithBase(srv.URL), "SYDC")
	if errID(err) != "vip.endpoint_scheme" || hits.Load() != 1 {
		t.Errorf("err = %v after %d requests", err, hits.Load())
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Hello <b>world</b></p>":       "Hello world",
		"a\n\n\tb   c":                    "a b c",
		"bell\x07 and \x1b[31mred\x1b[0m": "bell and [31mred[0m",
		"rtl\u202eevil":                   "rtlevil",
		"bad \xff byte":                   "bad ? byte",
		strings.Repeat("x", 300):          strings.Repeat("x", 200) + "…",
		strings.Repeat("日", 300):          strings.Repeat("日", 200) + "…",
		"isolate\u2066d\u2069 c1\u009bx":  "isolated c1x",
		"line\u2028break\u0085next":       "line break next",
	} {
		if got := vip.Sanitize([]byte(in), 200); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

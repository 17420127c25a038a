package main

import (
	"encoding/hex"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync/ntptest"
	"github.com/otptray/otptray/token/vip/viptest"
)

// TestVIPScripts runs the scenarios in testdata/vipscript like TestScripts,
// on both keyrings, with a fake VIP server, an SNTP responder and a Date
// server on 127.0.0.1 that each script controls with the fakevip, ntp and
// dateoffset commands. Their addresses are in $VIPURL, $NTPADDR, $DATEURL,
// and $DEADUDP is a UDP port nobody answers.
func TestVIPScripts(t *testing.T) {
	for _, kr := range []scriptKeyring{onSystemKeyring, onFileKeyring} {
		t.Run("keyring="+string(kr), func(t *testing.T) {
			runVIPScripts(t, kr)
		})
	}
}

func runVIPScripts(t *testing.T, kr scriptKeyring) {
	var mu sync.Mutex
	servers := map[string]*scriptServers{} // by $WORK
	serversOf := func(ts *testscript.TestScript) *scriptServers {
		mu.Lock()
		defer mu.Unlock()
		return servers[ts.Getenv("WORK")]
	}
	setup := func(env *testscript.Env) error {
		s, err := startScriptServers()
		if err != nil {
			return err
		}
		env.Setenv("VIPURL", s.vip.URL)
		env.Setenv("NTPADDR", s.ntp.Addr())
		env.Setenv("DATEURL", s.date.URL)
		env.Setenv("DEADUDP", s.dead)
		work := env.WorkDir
		mu.Lock()
		servers[work] = s
		mu.Unlock()
		env.Defer(func() {
			s.close()
			if r := s.fake.Rejected(); len(r) > 0 {
				env.T().Fatal("the fake VIP server rejected requests: " + strings.Join(r, "; "))
			}
		})
		return nil
	}
	runScripts(t, kr, "vipscript", setup, map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"fakevip": func(ts *testscript.TestScript, neg bool, args []string) {
			cmdFakeVIP(ts, serversOf(ts), neg, args)
		},
		"ntp": func(ts *testscript.TestScript, neg bool, args []string) {
			cmdNTP(ts, serversOf(ts), neg, args)
		},
		"dateoffset": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 1 {
				ts.Fatalf("usage: dateoffset DURATION")
			}
			d, err := time.ParseDuration(args[0])
			ts.Check(err)
			serversOf(ts).dateOffset.Store(int64(d))
		},
	})
}

// scriptServers are the fake network services of one script, on the real
// clock (the program under test uses it).
type scriptServers struct {
	fake       *viptest.Server
	vip        *httptest.Server
	ntp        *ntptest.Server
	date       *httptest.Server
	dateOffset atomic.Int64
	dead       string
}

func startScriptServers() (*scriptServers, error) {
	s := &scriptServers{fake: viptest.New()}
	s.vip = httptest.NewServer(s.fake)
	var err error
	if s.ntp, err = ntptest.Start(0); err != nil {
		s.vip.Close()
		return nil, err
	}
	s.date = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(time.Duration(s.dateOffset.Load())).UTC().Format(http.TimeFormat))
	}))
	// A UDP port nobody listens on: queries to it are refused at once.
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		s.close()
		return nil, err
	}
	s.dead = c.LocalAddr().String()
	c.Close()
	return s, nil
}

func (s *scriptServers) close() {
	s.fake.Close()
	s.vip.Close()
	s.ntp.Close()
	s.date.Close()
}

// cmdFakeVIP controls and inspects the fake VIP server:
//
//	fakevip fault NAME          make provisioning misbehave (see viptest.Faults; none clears)
//	fakevip reason CODE MSG...  refuse provisioning with a reason code
//	fakevip answer judge|garbage|needs-sync
//	fakevip issued N            N credentials were issued
//	fakevip requests N          N check/sync requests arrived
//	fakevip code AT             stdout (of the last exec) is the code the server
//	                            expects at the Unix time AT for the last credential
//	fakevip credid              stdout contains the last credential's ID
//	fakevip secretnotin DIR     no file under DIR holds the last credential's
//	                            secret (base32, either case, or hex)
func cmdFakeVIP(ts *testscript.TestScript, s *scriptServers, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: fakevip fault|reason|answer|issued|requests|code|credid ...")
	}
	last := func() viptest.Credential {
		c := s.fake.Credentials()
		if len(c) == 0 {
			ts.Fatalf("the fake server issued no credential")
		}
		return c[len(c)-1]
	}
	check := func(ok bool, format string, a ...any) {
		if ok == neg {
			if neg {
				format = "unexpectedly: " + format
			}
			ts.Fatalf(format, a...)
		}
	}
	switch args[0] {
	case "fault":
		f := viptest.Fault(args[1])
		if f == "none" {
			f = viptest.None
		}
		s.fake.SetFault(f)
	case "reason":
		s.fake.SetReason(args[1], strings.Join(args[2:], " "))
	case "answer":
		a := viptest.Answer(args[1])
		if a == "judge" {
			a = viptest.Judge
		}
		s.fake.SetAnswer(a)
	case "issued", "requests":
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		got := len(s.fake.Credentials())
		if args[0] == "requests" {
			got = len(s.fake.Forms())
		}
		check(got == want, "%s: %d, want %d", args[0], got, want)
	case "code":
		at, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		c := last()
		want, err := s.fake.Code(c.ID, time.Unix(at, 0), 0)
		ts.Check(err)
		got := strings.TrimSpace(ts.ReadFile("stdout"))
		check(got == want, "stdout %q; the server expects %q at %d", got, want, at)
	case "credid":
		c := last()
		check(strings.Contains(ts.ReadFile("stdout"), c.ID), "stdout lacks the credential ID %s", c.ID)
	case "secretnotin":
		c := last()
		b32 := token.EncodeSecret(c.Secret)
		forms := []string{b32, strings.ToLower(b32), hex.EncodeToString(c.Secret)}
		err := filepath.WalkDir(ts.MkAbs(args[1]), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, f := range forms {
				if strings.Contains(string(raw), f) {
					ts.Fatalf("%s holds the secret", path)
				}
			}
			return nil
		})
		ts.Check(err)
	default:
		ts.Fatalf("fakevip: unknown command %q", args[0])
	}
}

// cmdNTP controls the SNTP responder: `ntp offset DURATION`, `ntp silent`,
// `ntp answer`.
func cmdNTP(ts *testscript.TestScript, s *scriptServers, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: ntp offset DURATION | silent | answer")
	}
	switch args[0] {
	case "offset":
		d, err := time.ParseDuration(args[1])
		ts.Check(err)
		s.ntp.SetOffset(d)
	case "silent":
		s.ntp.SetSilent(true)
	case "answer":
		s.ntp.SetSilent(false)
	default:
		ts.Fatalf("ntp: unknown command %q", args[0])
	}
}

package vip_test

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/token/vip/viptest"
)

// provisioned returns a fake server with one TOTP credential, its config
// on a fake clock, and the credential.
func provisioned(t *testing.T, model string, now time.Time) (*viptest.Server, vip.Config, viptest.Credential) {
	t.Helper()
	fake, cfg := newFake(t)
	fake.Now = func() time.Time { return now }
	cfg.Now = func() time.Time { return now }
	if _, _, err := vip.Provision(context.Background(), cfg, model); err != nil {
		t.Fatal(err)
	}
	return fake, cfg, fake.Credentials()[0]
}

func fieldsOf(code, prefix string) map[string]string {
	m := map[string]string{}
	for i, r := range code {
		m[prefix+string(rune('1'+i))] = string(r)
	}
	return m
}

func TestCheck(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	tests := []struct {
		name   string
		answer viptest.Answer
		at     time.Duration // the code sent is the one at now+at
		want   vip.Outcome
	}{
		{"current code", viptest.Judge, 0, vip.Working},
		{"previous period", viptest.Judge, -30 * time.Second, vip.Working},
		{"drifted 3 min", viptest.Judge, 3 * time.Minute, vip.NeedsSync},
		{"server says sync", viptest.SyncState, 0, vip.NeedsSync},
		{"maintenance page", viptest.Garbage, 0, vip.Unknown},
		{"far off code", viptest.Judge, 24 * time.Hour, vip.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, cfg, cred := provisioned(t, "SYDC", now)
			fake.SetAnswer(tt.answer)
			code, _ := fake.Code(cred.ID, now.Add(tt.at), 0)
			res, err := vip.Check(context.Background(), cfg, strings.ToLower(cred.ID[:4])+" "+cred.ID[4:], code)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.want {
				t.Fatalf("outcome %v, want %v (answer %q)", res.Outcome, tt.want, res.Answer)
			}
			if tt.want == vip.Unknown && res.Answer == "" {
				t.Error("unknown outcome without the answer")
			}
			if tt.answer == viptest.Garbage && res.Answer != "Maintenance var x=1; The service is down for maintenance." {
				t.Errorf("answer %q", res.Answer)
			}
			forms := fake.Forms()
			if len(forms) != 1 {
				t.Fatalf("%d requests", len(forms))
			}
			want := fieldsOf(code, "cr")
			want["cred"] = cred.ID
			want["continue"] = "otp_check"
			if f := forms[0]; f.Path != "/otpCheck" || !maps.Equal(f.Fields, want) || f.Agent != "otptray/1.2.3" {
				t.Errorf("request %s %v %q, want fields %v", f.Path, f.Fields, f.Agent, want)
			}
		})
	}
}

func TestSync(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	tests := []struct {
		name       string
		answer     viptest.Answer
		prev, cur  time.Duration
		last       time.Duration // last contact before now; 0 for none
		want       vip.Outcome
		tooSoon    int // seconds to wait, when refused
		wantNoSend bool
	}{
		{"consecutive codes", viptest.Judge, -30 * time.Second, 0, 0, vip.Working, 0, false},
		{"codes of a fast clock", viptest.Judge, 60 * time.Second, 90 * time.Second, 0, vip.Working, 0, false},
		{"codes not consecutive", viptest.Judge, -60 * time.Second, 0, 0, vip.NeedsSync, 0, false},
		{"maintenance page", viptest.Garbage, -30 * time.Second, 0, 0, vip.Unknown, 0, false},
		{"two periods after a check", viptest.Judge, -30 * time.Second, 0, 60 * time.Second, vip.Working, 0, false},
		{"right after a check", viptest.Judge, -30 * time.Second, 0, 5 * time.Second, 0, 55, true},
		{"one period after a sync", viptest.Judge, -30 * time.Second, 0, 59*time.Second + 500*time.Millisecond, 0, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, cfg, cred := provisioned(t, "SYMC", now)
			fake.SetAnswer(tt.answer)
			prev, _ := fake.Code(cred.ID, now.Add(tt.prev), 0)
			cur, _ := fake.Code(cred.ID, now.Add(tt.cur), 0)
			req := vip.SyncRequest{CredentialID: cred.ID, Previous: prev, Current: cur}
			if tt.last != 0 {
				req.LastContact = now.Add(-tt.last)
			}
			res, err := vip.Sync(context.Background(), cfg, req)
			if tt.wantNoSend {
				if errID(err) != "vip.sync_too_soon" || !strings.Contains(inEnglish(err), "wait "+strconv.Itoa(tt.tooSoon)+" more seconds") {
					t.Fatalf("err = %v, want a refusal to wait %d s", err, tt.tooSoon)
				}
				if len(fake.Forms()) != 0 {
					t.Error("sent despite the refusal")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.want {
				t.Fatalf("outcome %v, want %v (%q)", res.Outcome, tt.want, res.Answer)
			}
			want := fieldsOf(prev, "cr")
			maps.Copy(want, fieldsOf(cur, "ncr"))
			want["cred"] = cred.ID
			want["continue"] = "otp_sync"
			forms := fake.Forms()
			if len(forms) != 1 || forms[0].Path != "/otpSync" || !maps.Equal(forms[0].Fields, want) {
				t.Errorf("requests %+v, want fields %v", forms, want)
			}
		})
	}
}

func TestSyncHOTP(t *testing.T) {
	now := time.Unix(1_700_000_015, 0)
	fake, cfg, cred := provisioned(t, "UBHE", now)
	c0, _ := fake.Code(cred.ID, time.Time{}, cred.Counter+2)
	c1, _ := fake.Code(cred.ID, time.Time{}, cred.Counter+3)
	res, err := vip.Sync(context.Background(), cfg, vip.SyncRequest{CredentialID: cred.ID, Previous: c0, Current: c1})
	if err != nil || res.Outcome != vip.Working {
		t.Fatalf("sync %v %v", res, err)
	}
	if got, _ := fake.Credential(cred.ID); got.Counter != cred.Counter+4 {
		t.Errorf("server counter %d, want %d", got.Counter, cred.Counter+4)
	}
}

func TestCheckRefusesBadInput(t *testing.T) {
	var sent atomic.Int32
	cfg := vip.Config{Client: countingClient(&sent)}
	tests := []struct {
		id, code, want string
	}{
		{"SYDC12345678", "12345", "vip.code"},
		{"SYDC12345678", "1234567", "vip.code"},
		{"SYDC12345678", "12345a", "vip.code"},
		{"SYDC12345678", "١٢٣٤٥٦", "vip.code"}, // Arabic-Indic digits
		{"", "123456", "vip.cred_id"},
		{"SYDC", "123456", "vip.cred_id"},
		{"SYDC1234&cred=x", "123456", "vip.cred_id"},
	}
	for _, tt := range tests {
		_, err := vip.Check(context.Background(), cfg, tt.id, tt.code)
		if errID(err) != tt.want {
			t.Errorf("Check(%q, %q) = %v, want %s", tt.id, tt.code, err, tt.want)
		}
	}
	_, err := vip.Check(context.Background(), vip.Config{CheckURL: "http://vip.symantec.com/otpCheck", Client: countingClient(&sent)}, "SYDC12345678", "123456")
	if errID(err) != "vip.endpoint_scheme" {
		t.Errorf("plain http check: %v", err)
	}
	if sent.Load() != 0 {
		t.Error("a request was sent")
	}
}

func TestSyncAllowedAt(t *testing.T) {
	last := time.Unix(1000, 0)
	if got := vip.SyncAllowedAt(last, 30); !got.Equal(time.Unix(1060, 0)) {
		t.Errorf("period 30: %v", got)
	}
	if got := vip.SyncAllowedAt(last, 0); !got.Equal(time.Unix(1060, 0)) {
		t.Errorf("period 0: %v", got)
	}
	if got := vip.SyncAllowedAt(last, 60); !got.Equal(time.Unix(1120, 0)) {
		t.Errorf("period 60: %v", got)
	}
	if !vip.SyncAllowedAt(time.Time{}, 30).IsZero() {
		t.Error("no last contact must allow a sync at once")
	}
	names := []string{}
	for _, o := range []vip.Outcome{vip.Unknown, vip.Working, vip.NeedsSync} {
		names = append(names, o.String())
	}
	if !slices.Equal(names, []string{"unknown", "working", "needs sync"}) {
		t.Errorf("outcome names %q", names)
	}
}

func TestCodes(t *testing.T) {
	c, _, err := vip.ParseResponse([]byte(vectorC), 1412030064, "SYMC", time.Unix(1412030064, 0))
	if err != nil {
		t.Fatal(err)
	}
	// t=1234567890 is 0 s into its period; with +30 s of offset the current
	// period is the next one.
	for _, tt := range []struct {
		now       int64
		offset    time.Duration
		prev, cur int64 // instants whose codes are expected
	}{
		{1234567890, 0, 1234567860, 1234567890},
		{1234567919, 0, 1234567860, 1234567890},
		{1234567860, 30 * time.Second, 1234567860, 1234567890},
		{1234567900, -10 * time.Second, 1234567860, 1234567890},
	} {
		prev, cur, err := vip.Codes(c, time.Unix(tt.now, 0), tt.offset)
		if err != nil {
			t.Fatal(err)
		}
		if prev != code(t, c, time.Unix(tt.prev, 0)) || cur != code(t, c, time.Unix(tt.cur, 0)) {
			t.Errorf("now %d offset %v: %s %s", tt.now, tt.offset, prev, cur)
		}
	}
	if _, cur, _ := vip.Codes(c, time.Unix(1234567890, 0), 0); cur != "993465" {
		t.Errorf("vector C at 1234567890: %s", cur)
	}
	d, _, err := vip.ParseResponse([]byte(vectorD), 1500000000, "UBHE", time.Unix(1500000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	d.Counter = 2
	prev, cur, err := vip.Codes(d, time.Unix(99, 0), time.Hour)
	if err != nil || prev != "130148" || cur != "885959" {
		t.Errorf("HOTP counter 2: %s %s %v", prev, cur, err)
	}
}

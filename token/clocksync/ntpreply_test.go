package clocksync_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/clocksync"
)

// An SNTP reply with extreme exponents (poll and precision are signed
// powers of two) must be an error like any bad reply, not bring the
// program down: beevik/ntp v1.6.0 shifts by the negated exponent, and the
// negation of -128 overflows to -128, a negative shift count (a panic).
func TestNTPReplyExtremeFields(t *testing.T) {
	for _, tt := range []struct {
		name  string
		alter func(r []byte)
		ok    bool
	}{
		{"poll -128", func(r []byte) { r[2] = 0x80 }, false},
		{"precision -128", func(r []byte) { r[3] = 0x80 }, false},
		{"poll 127, precision -127", func(r []byte) { r[2], r[3] = 0x7f, 0x81 }, true},
		{"as made", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startNTP(t, 5*time.Second)
			s.SetAlter(tt.alter)
			cfg := clocksync.Config{NTPServers: []string{s.Addr()}, HTTPSURL: "-", Timeout: 2 * time.Second, Now: fixedNow}
			r, err := clocksync.Measure(context.Background(), cfg)
			if tt.ok {
				if err != nil || r.Offset != 5*time.Second {
					t.Fatalf("%+v, %v", r, err)
				}
				return
			}
			var m *msg.Error
			if err == nil || !errors.As(err, &m) {
				t.Fatalf("%+v, %v: want a refusal", r, err)
			}
			if s.Requests() != 1 {
				t.Errorf("%d requests", s.Requests())
			}
		})
	}
}

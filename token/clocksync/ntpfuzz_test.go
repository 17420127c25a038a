package clocksync

import (
	"context"
	"encoding/binary"
	"net"
	"testing"
	"time"
)

// replyConn is an SNTP server in memory: it answers the request written to
// it with reply, whose origin timestamp is the request's transmit
// timestamp when echo is set (as a real server's is, else the client
// drops the reply at once).
type replyConn struct {
	net.Conn // nil: only the methods below are called
	reply    []byte
	echo     bool
	req      []byte
}

func (c *replyConn) Write(b []byte) (int, error) {
	c.req = append([]byte(nil), b...)
	return len(b), nil
}

func (c *replyConn) Read(b []byte) (int, error) {
	r := append([]byte(nil), c.reply...)
	if c.echo && len(r) >= 32 && len(c.req) >= 48 {
		copy(r[24:32], c.req[40:48])
	}
	return copy(b, r), nil
}

func (c *replyConn) Close() error                     { return nil }
func (c *replyConn) SetDeadline(time.Time) error      { return nil }
func (c *replyConn) SetReadDeadline(time.Time) error  { return nil }
func (c *replyConn) SetWriteDeadline(time.Time) error { return nil }
func (c *replyConn) LocalAddr() net.Addr {
	return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}
}
func (c *replyConn) RemoteAddr() net.Addr { return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 123} }

// ntpStamp is t as an NTP timestamp (seconds since 1900, 32.32 fixed point).
func ntpStamp(t time.Time) uint64 {
	return uint64(t.Unix()+2208988800)<<32 | uint64(t.Nanosecond())<<32/uint64(time.Second)
}

// FuzzNTPReply: any reply of an SNTP server is a measurement or an error,
// never a panic, and a measurement Measure returns is one to apply: within
// MaxOffset, from the server asked.
func FuzzNTPReply(f *testing.F) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	good := make([]byte, 48)
	good[0], good[1], good[2], good[3] = 4<<3|4, 2, 6, 0xec
	binary.BigEndian.PutUint32(good[8:], 1)
	copy(good[12:], []byte{127, 0, 0, 1})
	binary.BigEndian.PutUint64(good[16:], ntpStamp(now.Add(-time.Minute)))
	binary.BigEndian.PutUint64(good[32:], ntpStamp(now.Add(5*time.Second)))
	binary.BigEndian.PutUint64(good[40:], ntpStamp(now.Add(5*time.Second)))
	f.Add(good, true)
	f.Add(good, false)
	for _, alter := range []func(b []byte){
		func(b []byte) { b[2] = 0x80 },                           // poll -128
		func(b []byte) { b[3] = 0x80 },                           // precision -128
		func(b []byte) { b[2], b[3] = 0x7f, 0x81 },               // extreme but sound
		func(b []byte) { b[1] = 0 },                              // kiss of death
		func(b []byte) { b[0] = 3<<6 | 4<<3 | 4 },                // not synchronised
		func(b []byte) { b[0] = 5<<3 | 4 },                       // NTPv5
		func(b []byte) { binary.BigEndian.PutUint64(b[40:], 0) }, // no transmit time
	} {
		b := append([]byte(nil), good...)
		alter(b)
		f.Add(b, true)
	}
	f.Add(good[:20], true)
	f.Fuzz(func(t *testing.T, reply []byte, echo bool) {
		cfg := Config{
			NTPServers: []string{"fuzz.test"},
			HTTPSURL:   "-",
			Timeout:    time.Second,
			Now:        func() time.Time { return now },
			dial: func(context.Context, string) (net.Conn, error) {
				return &replyConn{reply: reply, echo: echo}, nil
			},
		}
		r, err := Measure(context.Background(), cfg)
		if err != nil {
			return
		}
		if r.Offset > MaxOffset || r.Offset < -MaxOffset || r.Source != "ntp:fuzz.test" {
			t.Fatalf("measurement %+v", r)
		}
	})
}

// The in-memory server measures as the UDP one does, so the fuzz target
// reaches the measurement and not only the early refusals.
func TestReplyConnMeasures(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	good := make([]byte, 48)
	good[0], good[1], good[2], good[3] = 4<<3|4, 2, 6, 0xec
	binary.BigEndian.PutUint32(good[8:], 1)
	binary.BigEndian.PutUint64(good[16:], ntpStamp(now.Add(-time.Minute)))
	binary.BigEndian.PutUint64(good[32:], ntpStamp(now.Add(5*time.Second)))
	binary.BigEndian.PutUint64(good[40:], ntpStamp(now.Add(5*time.Second)))
	cfg := Config{NTPServers: []string{"mem"}, HTTPSURL: "-", Now: func() time.Time { return now },
		dial: func(context.Context, string) (net.Conn, error) { return &replyConn{reply: good, echo: true}, nil }}
	r, err := Measure(context.Background(), cfg)
	if err != nil || r.Offset != 5*time.Second {
		t.Fatalf("%+v, %v", r, err)
	}
}

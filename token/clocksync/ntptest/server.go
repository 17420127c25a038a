// Package ntptest is an SNTP (RFC 4330, NTP version 4) server for tests: it
// listens on 127.0.0.1 and answers with its clock shifted by a chosen
// offset, or stays silent.
package ntptest

import (
	"encoding/binary"
	"net"
	"sync"
	"time"
)

// Server answers SNTP requests on a UDP port of 127.0.0.1.
type Server struct {
	conn *net.UDPConn
	now  func() time.Time

	mu       sync.Mutex
	offset   time.Duration
	silent   bool
	alter    func(reply []byte)
	requests int
	done     chan struct{}
}

// Start listens on 127.0.0.1 (a free port) and answers with true time plus
// offset.
func Start(offset time.Duration) (*Server, error) { return StartClock(offset, time.Now) }

// StartClock is Start with the server's own clock (before the offset) taken
// from now, so a test with the same fake clock on both sides measures the
// offset exactly.
func StartClock(offset time.Duration, now func() time.Time) (*Server, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, err
	}
	s := &Server{conn: conn, now: now, offset: offset, done: make(chan struct{})}
	go s.serve()
	return s, nil
}

// Addr is host:port to query.
func (s *Server) Addr() string { return s.conn.LocalAddr().String() }

// SetOffset changes the offset of later answers.
func (s *Server) SetOffset(d time.Duration) { s.mu.Lock(); s.offset = d; s.mu.Unlock() }

// SetSilent makes the server read requests without answering (as when a
// firewall drops them).
func (s *Server) SetSilent(b bool) { s.mu.Lock(); s.silent = b; s.mu.Unlock() }

// SetAlter has f change the bytes of each later reply before it is sent:
// a server that answers with odd or hostile fields. nil sends them as made.
func (s *Server) SetAlter(f func(reply []byte)) { s.mu.Lock(); s.alter = f; s.mu.Unlock() }

// Requests counts the requests received.
func (s *Server) Requests() int { s.mu.Lock(); defer s.mu.Unlock(); return s.requests }

// Close stops the server.
func (s *Server) Close() error {
	err := s.conn.Close()
	<-s.done
	return err
}

// ntpEpochOffset is the number of seconds from 1900 (NTP's era 0) to 1970.
const ntpEpochOffset = 2208988800

func ntpTime(t time.Time) uint64 {
	sec := uint64(t.Unix() + ntpEpochOffset)
	frac := (uint64(t.Nanosecond()) << 32) / uint64(time.Second)
	return sec<<32 | frac
}

func (s *Server) serve() {
	defer close(s.done)
	buf := make([]byte, 512)
	for {
		n, from, err := s.conn.ReadFromUDP(buf)
		if err != nil {
			return // closed
		}
		recv := s.now()
		s.mu.Lock()
		s.requests++
		offset, silent, alter := s.offset, s.silent, s.alter
		s.mu.Unlock()
		if silent || n < 48 {
			continue
		}
		req := buf[:n]
		version := (req[0] >> 3) & 0x7
		if req[0]&0x7 != 3 { // only client mode
			continue
		}
		var resp [48]byte
		resp[0] = 0<<6 | version<<3 | 4 // no leap warning, the client's version, server mode
		resp[1] = 2                     // stratum: secondary server
		resp[2] = req[2]                // poll, echoed
		resp[3] = 0xec                  // precision 2^-20 s
		// Root delay 0; root dispersion 1/65536 s.
		binary.BigEndian.PutUint32(resp[8:], 1)
		copy(resp[12:16], []byte{127, 0, 0, 1}) // reference ID: the upstream's IPv4 address
		binary.BigEndian.PutUint64(resp[16:], ntpTime(recv.Add(offset-time.Minute)))
		copy(resp[24:32], req[40:48]) // origin = the client's transmit timestamp
		binary.BigEndian.PutUint64(resp[32:], ntpTime(recv.Add(offset)))
		binary.BigEndian.PutUint64(resp[40:], ntpTime(s.now().Add(offset)))
		if alter != nil {
			alter(resp[:])
		}
		_, _ = s.conn.WriteToUDP(resp[:], from)
	}
}

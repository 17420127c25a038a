package desktop

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/running"
)

// One otptray runs per user (per data folder). The first one holds an OS
// file lock on dir/otptray.lock for as long as it runs; the kernel drops the
// lock when the process ends, however it ends, so a crash never blocks the
// next start. The holder listens on a loopback TCP port (it works alike on
// every platform, Windows and Wine included) and writes the address and a
// random token into dir/otptray.instance, readable by the user only; a later
// instance reads them and sends its message with the token, so that other
// users of the machine cannot talk to the tray. (The Windows installer
// tells from the instance file in %AppData%\otptray whether the tray runs.)
const (
	lockFile     = running.LockFile
	instanceFile = "otptray.instance"
)

// ShowMessage is what a second instance sends to the first.
const ShowMessage = "show"

// singleWait is how long a second instance tries to reach the first (which
// may be starting up and not listening yet).
const singleWait = 5 * time.Second

// Single decides whether this process is the primary otptray for the data
// folder dir. The primary gets the messages of later instances on messages
// and calls release when it quits (release closes messages). Any other
// instance sends ShowMessage to the primary and gets primary == false: it
// should exit with status 0. The error says when neither works.
func Single(dir string) (primary bool, messages <-chan string, release func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, nil, nil, msg.New("desktop.single.lock", err)
	}
	lock := flock.New(filepath.Join(dir, lockFile))
	deadline := time.Now().Add(singleWait)
	var lastErr error
	for {
		ok, err := lock.TryLock()
		if err != nil {
			return false, nil, nil, msg.New("desktop.single.lock", err)
		}
		if ok {
			s, err := listen(dir, lock)
			if err != nil {
				lock.Unlock()
				return false, nil, nil, msg.New("desktop.single.lock", err)
			}
			return true, s.messages, s.release, nil
		}
		// Another instance holds the lock: tell it. If it is still
		// starting (or just quitting), try again, the lock included.
		if _, lastErr = send(dir, ShowMessage); lastErr == nil {
			lock.Close()
			return false, nil, nil, nil
		}
		if time.Now().After(deadline) {
			lock.Close()
			return false, nil, nil, msg.New("desktop.single.no_answer", lastErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// instance is the primary's listener.
type instance struct {
	path     string // of the instance file
	lock     *flock.Flock
	ln       net.Listener
	token    string
	messages chan string
	conns    sync.WaitGroup
	once     sync.Once
}

func listen(dir string, lock *flock.Flock) (*instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	var raw [16]byte
	rand.Read(raw[:])
	s := &instance{
		path:     filepath.Join(dir, instanceFile),
		lock:     lock,
		ln:       ln,
		token:    hex.EncodeToString(raw[:]),
		messages: make(chan string, 8),
	}
	content := fmt.Sprintf("%s\n%s\n", ln.Addr(), s.token)
	// atomicfile waits for a second instance that is reading an old file
	// (one left by a crash), which Windows would not let it replace.
	if err := atomicfile.Write(s.path, []byte(content), 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	s.conns.Add(1)
	go s.accept()
	return s, nil
}

func (s *instance) accept() {
	defer s.conns.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed by release
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			s.serve(c)
		}()
	}
}

// serve reads one message, "<token> <message>\n", and answers "ok".
func (s *instance) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(io.LimitReader(c, 1024)).ReadString('\n')
	if err != nil {
		return
	}
	token, msg, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
	if !ok || msg == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.token)) != 1 {
		return
	}
	if !s.take(msg) {
		return
	}
	c.Write([]byte(answer(msg)))
}

// take queues msg for the tray. A request to show the menu is dropped when
// the tray has not read the ones before (one is enough); a quit waits for
// room, a little less than the asker waits for the answer, since a quit
// lost behind queued requests would leave the installer facing files in use.
func (s *instance) take(msg string) bool {
	if msg != QuitMessage {
		select {
		case s.messages <- msg:
		default:
		}
		return true
	}
	t := time.NewTimer(1500 * time.Millisecond)
	defer t.Stop()
	select {
	case s.messages <- msg:
		return true
	case <-t.C:
		return false // no answer: the asker says the tray did not answer
	}
}

// release stops listening, removes the instance file and lets go of the
// lock; messages closes. It may be called more than once.
func (s *instance) release() {
	s.once.Do(func() {
		s.ln.Close()
		s.conns.Wait()
		close(s.messages)
		os.Remove(s.path)
		s.lock.Unlock()
		s.lock.Close()
	})
}

// send gives msg to the primary instance of dir. The primary answers "ok",
// with more after a space for some messages: that is extra.
func send(dir, msg string) (extra string, err error) {
	data, err := os.ReadFile(filepath.Join(dir, instanceFile))
	if err != nil {
		return "", err
	}
	addr, token, ok := strings.Cut(strings.TrimSpace(string(data)), "\n")
	if !ok {
		return "", errors.New("instance file is incomplete")
	}
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintf(c, "%s %s\n", token, msg); err != nil {
		return "", err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("no answer from %s: %w", addr, err)
	}
	status, extra, _ := strings.Cut(strings.TrimSuffix(reply, "\n"), " ")
	if status != "ok" || !strings.HasSuffix(reply, "\n") {
		return "", fmt.Errorf("answer %q from %s", reply, addr)
	}
	return extra, nil
}

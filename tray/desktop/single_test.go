package desktop

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary play a second otptray: with
// OTPTRAY_TEST_SINGLE set it runs singleChild instead of the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("OTPTRAY_TEST_SINGLE"); mode != "" {
		os.Exit(singleChild(mode, os.Getenv("OTPTRAY_TEST_SINGLE_DIR")))
	}
	os.Exit(m.Run())
}

// singleChild calls Single(dir) and prints "primary" or "secondary". In
// mode "wait" a primary then prints "got MESSAGE" for the first message
// and releases; in mode "hold" it waits to be killed.
func singleChild(mode, dir string) int {
	primary, messages, release, err := Single(dir)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	if !primary {
		fmt.Println("secondary")
		return 0
	}
	fmt.Println("primary")
	if mode == "hold" {
		select {}
	}
	select {
	case msg := <-messages:
		fmt.Println("got", msg)
	case <-time.After(30 * time.Second):
		fmt.Println("no message")
		return 3
	}
	release()
	return 0
}

// child is a running singleChild.
type child struct {
	cmd   *exec.Cmd
	lines *bufio.Scanner
}

func startChild(t *testing.T, mode, dir string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OTPTRAY_TEST_SINGLE="+mode, "OTPTRAY_TEST_SINGLE_DIR="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: bufio.NewScanner(out)}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return c
}

// expect reads the child's next line, which must be want.
func (c *child) expect(t *testing.T, want string) {
	t.Helper()
	if !c.lines.Scan() {
		t.Fatalf("child %d ended before saying %q", c.cmd.Process.Pid, want)
	}
	if got := c.lines.Text(); got != want {
		t.Fatalf("child %d said %q, want %q", c.cmd.Process.Pid, got, want)
	}
}

// exit waits for the child to end and checks its status.
func (c *child) exit(t *testing.T, want int) {
	t.Helper()
	if c.lines.Scan() {
		t.Errorf("child %d said %q, want nothing more", c.cmd.Process.Pid, c.lines.Text())
	}
	c.cmd.Wait()
	if got := c.cmd.ProcessState.ExitCode(); got != want {
		t.Errorf("child %d exited with %d, want %d", c.cmd.Process.Pid, got, want)
	}
}

func TestSingleInstance(t *testing.T) {
	dir := t.TempDir()
	first := startChild(t, "wait", dir)
	first.expect(t, "primary")

	second := startChild(t, "wait", dir)
	second.expect(t, "secondary")
	second.exit(t, 0)

	first.expect(t, "got show")
	first.exit(t, 0)
	if _, err := os.Stat(filepath.Join(dir, instanceFile)); !os.IsNotExist(err) {
		t.Errorf("after release the instance file is still there (%v)", err)
	}

	// The next start is primary again.
	third := startChild(t, "wait", dir)
	third.expect(t, "primary")
	fourth := startChild(t, "wait", dir)
	fourth.expect(t, "secondary")
	fourth.exit(t, 0)
	third.expect(t, "got show")
	third.exit(t, 0)
}

// TestSingleInstanceAfterCrash: a primary that was killed leaves its
// instance file behind, which does not stop the next one.
func TestSingleInstanceAfterCrash(t *testing.T) {
	dir := t.TempDir()
	crashed := startChild(t, "hold", dir)
	crashed.expect(t, "primary")
	if err := crashed.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	crashed.cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, instanceFile)); err != nil {
		t.Fatalf("the killed primary left no instance file: %v", err)
	}

	next := startChild(t, "wait", dir)
	next.expect(t, "primary")
	other := startChild(t, "wait", dir)
	other.expect(t, "secondary")
	other.exit(t, 0)
	next.expect(t, "got show")
	next.exit(t, 0)
}

// TestSingleInstanceToken: a connection without the token is not heard.
func TestSingleInstanceToken(t *testing.T) {
	dir := t.TempDir()
	primary, messages, release, err := Single(dir)
	if err != nil || !primary {
		t.Fatalf("Single = %v, %v; want primary", primary, err)
	}
	defer release()
	// (On Windows the user's folder's access list protects it.)
	if fi, err := os.Stat(filepath.Join(dir, instanceFile)); err != nil {
		t.Fatal(err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("instance file mode %v: others may read the token", fi.Mode().Perm())
	}
	data, err := os.ReadFile(filepath.Join(dir, instanceFile))
	if err != nil {
		t.Fatal(err)
	}
	addr, _, _ := strings.Cut(string(data), "\n")
	for _, line := range []string{"wrongtoken show\n", "show\n", strings.Repeat("x", 5000) + "\n"} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, line)
		reply, _ := io.ReadAll(c)
		c.Close()
		if len(reply) != 0 {
			t.Errorf("a message without the token got the answer %q", reply)
		}
	}
	// The next message that arrives is the one with the token.
	if _, err := send(dir, "hello"); err != nil {
		t.Fatal(err)
	}
	if msg := <-messages; msg != "hello" {
		t.Errorf("message %q, want hello", msg)
	}

	// In the same process a second Single is secondary and reaches the first.
	again, _, _, err := Single(dir)
	if err != nil || again {
		t.Fatalf("second Single = %v, %v; want secondary", again, err)
	}
	if msg := <-messages; msg != ShowMessage {
		t.Errorf("message %q, want %q", msg, ShowMessage)
	}

	release()
	if _, ok := <-messages; ok {
		t.Error("messages still open after release")
	}
	release() // a second call does nothing
}

// TestSingleQuitNotDropped: with the queue full of requests to show the
// menu, a quit still reaches the tray once it reads on.
func TestSingleQuitNotDropped(t *testing.T) {
	dir := t.TempDir()
	primary, messages, release, err := Single(dir)
	if err != nil || !primary {
		t.Fatalf("Single = %v, %v; want primary", primary, err)
	}
	defer release()
	for i := 0; i < cap(messages)+2; i++ {
		if _, err := send(dir, ShowMessage); err != nil {
			t.Fatal(err)
		}
	}
	sent := make(chan error, 1)
	go func() {
		_, err := send(dir, QuitMessage)
		sent <- err
	}()
	time.Sleep(200 * time.Millisecond) // the quit waits for room, unanswered
	var got []string
	for len(got) < cap(messages)+1 {
		select {
		case m := <-messages:
			got = append(got, m)
		case <-time.After(5 * time.Second):
			t.Fatalf("messages %q: the quit never came", got)
		}
	}
	if err := <-sent; err != nil {
		t.Fatalf("quit: %v", err)
	}
	if last := got[len(got)-1]; last != QuitMessage {
		t.Errorf("messages %q: the quit is missing", got)
	}
}

// TestSingleNoAnswer: a primary that holds the lock but never answers makes
// the next start fail with a clear error after a while, not hang.
func TestSingleNoAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("waits singleWait")
	}
	dir := t.TempDir()
	hung := startChild(t, "hold", dir)
	hung.expect(t, "primary")
	// The primary stops listening but keeps the lock: point the instance
	// file at a port where nobody answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := os.WriteFile(filepath.Join(dir, instanceFile), []byte(addr+"\ntoken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = Single(dir)
	want := "otptray is already running but does not answer"
	if err == nil || !strings.HasPrefix(inEnglish(err), want) {
		t.Errorf("Single with a silent primary: %v, want an error starting %q", err, want)
	}
}

package wintray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// run runs a command with a time limit and returns its output (stdout and
// stderr together).
func run(limit time.Duration, stdin string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// reg runs `wine reg ARGS...`.
func reg(args ...string) error {
	_, err := run(60*time.Second, "", "wine", append([]string{"reg"}, args...)...)
	return err
}

// regValue reads a value with `wine reg query`; ok is false when the value
// does not exist.
func regValue(key, name string) (value string, ok bool) {
	out, err := run(60*time.Second, "", "wine", "reg", "query", key, "/v", name)
	if err != nil {
		return "", false
	}
	for _, line := range strings.Split(strings.ReplaceAll(out, "\r", ""), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == name && strings.HasPrefix(f[1], "REG_") {
			return strings.Join(f[2:], " "), true
		}
	}
	return "", false
}

// proc is a Windows program running under Wine.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	err  error // of Wait, once done is closed
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(exe string, args ...string) (*proc, error) {
	p := &proc{cmd: exec.Command("wine", append([]string{exe}, args...)...), out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", filepath.Base(exe), err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// wait waits until the program ends, at most limit, and returns its exit
// status; an error when it is still running then (it is killed).
func (p *proc) wait(limit time.Duration) (int, error) {
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		return -1, fmt.Errorf("still running after %v (killed)", limit)
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode(), nil
	}
	if p.err != nil {
		return -1, p.err
	}
	return 0, nil
}

// stop ends the program if it still runs.
func (p *proc) stop() {
	if p != nil && p.running() {
		p.cmd.Process.Kill()
		<-p.done
	}
}

// editSettings changes the settings in tokens.json, which must not be in
// use by a running tray. A missing file is created empty.
func editSettings(path string, change func(map[string]any)) error {
	doc := map[string]any{"schema": 1, "tokens": []any{}}
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	s, _ := doc["settings"].(map[string]any)
	if s == nil {
		s = map[string]any{}
	}
	change(s)
	doc["settings"] = s
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// settings reads the settings from tokens.json.
func settings(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Settings map[string]any `json:"settings"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return doc.Settings, nil
}

// poll calls cond every 100 ms until it is true or limit has passed.
func poll(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// clipboard reads the X clipboard, which Wine keeps in step with the
// Windows one.
func clipboard() (string, error) {
	out, err := run(3*time.Second, "", "xclip", "-o", "-selection", "clipboard")
	return strings.TrimSpace(out), err
}

// setClipboard puts text on the X clipboard (xclip serves it in the
// background until another program takes the clipboard).
func setClipboard(text string) error {
	// No pipes for its output: the background xclip would hold them open.
	cmd := exec.Command("xclip", "-i", "-selection", "clipboard")
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("xclip -i: %w", err)
	}
	return nil
}

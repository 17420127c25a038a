package desktop

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/msg"
)

func TestNoticeMessageRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		id  uint32
		key string
	}{{7, "copy/0123456789abcdef"}, {4294967295, "helper/otp2"}, {1, "copy/A_b-9"}} {
		id, key, ok := ParseNoticeMessage(NoticeMessage(tt.id, tt.key))
		if !ok || id != tt.id || key != tt.key {
			t.Errorf("ParseNoticeMessage(NoticeMessage(%d, %q)) = %d %q %v", tt.id, tt.key, id, key, ok)
		}
	}
	for _, m := range []string{
		"", ShowMessage, QuitMessage, "notice", "notice 7", "notice 7 ", "notice 0 copy/abc",
		"notice 07 copy/abc", "notice -7 copy/abc", "notice 4294967296 copy/abc", "notice x copy/abc",
		"notice 7 copy/", "notice 7 copy/a b", "notice 7 copy/a&action=quit", "notice 7 quit",
		"notice 7 helper/otp1", "notice  7 copy/abc", "Notice 7 copy/abc",
	} {
		if id, key, ok := ParseNoticeMessage(m); ok {
			t.Errorf("ParseNoticeMessage(%q) = %d %q, want refused", m, id, key)
		}
	}
}

// TestForwardToastURL: a button's URL reaches the primary as the press of
// that button; anything else reaches nothing, and no error repeats it.
func TestForwardToastURL(t *testing.T) {
	dir := t.TempDir()
	primary, messages, release, err := Single(dir)
	if err != nil || !primary {
		t.Fatalf("Single: %v %v", primary, err)
	}
	defer release()

	if err := ForwardToastURL(dir, ToastURL(42, "copy/0123456789abcdef")); err != nil {
		t.Fatalf("ForwardToastURL: %v", err)
	}
	select {
	case m := <-messages:
		id, key, ok := ParseNoticeMessage(m)
		if !ok || id != 42 || key != "copy/0123456789abcdef" {
			t.Errorf("the primary got %q, want the press of copy/0123456789abcdef on notice 42", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the primary got no message")
	}

	hostile := "otptray:notice=42&action=copy&token=abc&code=SECRET123"
	for _, u := range []string{hostile, "otptray:notice=42&action=quit", "otptray:" + QuitMessage} {
		err := ForwardToastURL(dir, u)
		var m *msg.Error
		if !errors.As(err, &m) || m.ID != "wintoast12.bad_url" {
			t.Errorf("ForwardToastURL(%q) = %v, want wintoast12.bad_url", u, err)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error repeats the argument: %v", err)
		}
	}
	select {
	case m := <-messages:
		t.Errorf("a refused URL reached the primary as %q", m)
	case <-time.After(200 * time.Millisecond):
	}

	err = ForwardToastURL(t.TempDir(), ToastURL(42, "copy/abc"))
	var m *msg.Error
	if !errors.As(err, &m) || m.ID != "wintoast12.not_running" {
		t.Errorf("with no otptray running: %v, want wintoast12.not_running", err)
	}
}

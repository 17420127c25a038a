//go:build !windows && !darwin

package desktop

import (
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

func TestNotify(t *testing.T) {
	e2e.Require(t)
	w := e2e.WatchNotifications(t)
	tests := []struct{ title, body string }{
		{"otptray", "New code for VIP Access: 654 321"},
		{"otptray", "VIP Access の新しいコード: 123 456"},
	}
	for _, tt := range tests {
		if err := Notify(tt.title, tt.body); err != nil {
			t.Fatal(err)
		}
		n := w.Wait(t, tt.body, 10*time.Second)
		if n.AppName != "otptray" || n.Summary != tt.title || n.Body != tt.body {
			t.Errorf("notification %+v, want app otptray, summary %q, body %q", n, tt.title, tt.body)
		}
	}
}

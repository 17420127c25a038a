//go:build !windows && !darwin

package desktop

import (
	"slices"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/e2e"
)

// TestNotices: a notice replaces the one it names (replaces_id), the
// server keeps the ID, and pressing its button reaches onAction with the
// notice's ID and the action's key.
func TestNotices(t *testing.T) {
	e2e.Require(t)
	e2e.CloseNotifications(t)
	w := e2e.WatchNotifications(t)
	type invoked struct {
		id  uint32
		key string
	}
	got := make(chan invoked, 4)
	n := NewNotices(func(id uint32, key string) { got <- invoked{id, key} })
	defer n.Close()

	id, err := n.Show(Notice{Title: "Copied Bank (alice)", Body: "Clears in 30 s", Short: true})
	if err != nil || id == 0 {
		t.Fatalf("Show: id %d, %v", id, err)
	}
	if first := w.Wait(t, "Copied Bank (alice)", 10*time.Second); first.ReplacesID != 0 || first.Actions != nil {
		t.Errorf("first notice %+v, want a new one without actions", first)
	}
	id2, err := n.Show(Notice{Title: "New one-time password", Body: "New code for Bank & Co: 123 456", Replaces: id,
		Actions: []NoticeAction{{Key: "copy/b1", Label: "Copy"}}})
	if err != nil {
		t.Fatal(err)
	}
	second := w.Wait(t, "123 456", 10*time.Second)
	if second.ReplacesID != id || !slices.Equal(second.Actions, []string{"copy/b1", "Copy"}) {
		t.Errorf("second notice %+v, want replaces_id %d and the Copy action", second, id)
	}
	if id2 != id {
		t.Errorf("the replacing notice has ID %d, want the replaced one's, %d", id2, id)
	}
	if second.Body != "New code for Bank &amp; Co: 123 456" {
		t.Errorf("body %q: dunst reads markup, so & must be sent as &amp;", second.Body)
	}

	e2e.InvokeAction(t)
	select {
	case inv := <-got:
		if inv != (invoked{id, "copy/b1"}) {
			t.Errorf("action %+v, want %d copy/b1", inv, id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no ActionInvoked within 10 s of pressing the button")
	}
}

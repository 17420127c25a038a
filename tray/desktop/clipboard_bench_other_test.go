//go:build !windows && !darwin

package desktop

import (
	"fmt"
	"testing"

	"github.com/otptray/otptray/internal/e2e"
)

// BenchmarkClipboardCopy: the time Copy takes to put a code on the
// clipboard (part of the hotkey-to-clipboard time).
func BenchmarkClipboardCopy(b *testing.B) {
	e2e.Require(b)
	c, err := NewClipboard()
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	i := 0
	for b.Loop() {
		if err := c.Copy(fmt.Sprintf("%06d", i%1000000), 0); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	if got, want := e2e.Clipboard(b), fmt.Sprintf("%06d", (i-1)%1000000); got != want {
		b.Fatalf("clipboard holds %q, want %q", got, want)
	}
}

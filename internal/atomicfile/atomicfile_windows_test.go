package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// While another reader has the target open, Write waits for it to close
// instead of failing.
func TestWriteWaitsForReader(t *testing.T) {
	path := filepath.Join(tempDir(t), "f")
	if err := Write(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		time.Sleep(200 * time.Millisecond)
		r.Close()
		close(closed)
	}()
	if err := Write(path, []byte("new"), 0o600); err != nil {
		t.Fatalf("Write while a reader had the file open: %v", err)
	}
	<-closed
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("content %q, want %q", got, "new")
	}
}

package token

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/keyringtest"
)

// The tests below re-run this test binary as a child process that writes to
// a store, to test what two processes, or a process killed mid-save, do.
const (
	childEnv    = "OTPTRAY_TOKEN_TEST_CHILD" // which child role to play
	childDirEnv = "OTPTRAY_TOKEN_TEST_DIR"   // the store folder
	childTagEnv = "OTPTRAY_TOKEN_TEST_TAG"   // names this child's tokens
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "save-loop":
		childSaveLoop(os.Getenv(childDirEnv))
	case "updates":
		childUpdates(os.Getenv(childDirEnv), os.Getenv(childTagEnv))
	case "keyring-probe":
		childKeyringProbe()
	default:
		fmt.Fprintln(os.Stderr, "unknown child role")
		os.Exit(3)
	}
}

func child(t *testing.T, role, dir, tag string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, childDirEnv+"="+dir, childTagEnv+"="+tag)
	cmd.Stderr = os.Stderr
	return cmd
}

// versionTokens is the content a save-loop child writes as revision r: a
// token count and names that both follow from r, so a reader can tell a
// whole version from a torn or mixed one. Sizes vary from 0.2 to ~40 KB.
func versionTokens(r uint64) []Token {
	n := 1 + int(r*37%150)
	toks := make([]Token, n)
	for i := range toks {
		toks[i] = Token{
			ID:        fmt.Sprintf("%016x", r*1000+uint64(i)),
			Name:      fmt.Sprintf("r%d-t%d", r, i),
			Issuer:    strings.Repeat(string(rune('a'+(int(r)+i)%26)), int(r+uint64(i))%90),
			Account:   "user" + strconv.Itoa(i) + "@example.com",
			Kind:      TOTP,
			Algorithm: SHA1,
			Digits:    6,
			Period:    30,
		}
	}
	return toks
}

// checkVersion fails unless d is exactly what versionTokens wrote.
func checkVersion(d *Data) error {
	if d.Revision == 0 {
		if len(d.Tokens) != 0 {
			return fmt.Errorf("revision 0 with %d tokens", len(d.Tokens))
		}
		return nil
	}
	want := versionTokens(d.Revision)
	if len(d.Tokens) != len(want) {
		return fmt.Errorf("revision %d has %d tokens, want %d", d.Revision, len(d.Tokens), len(want))
	}
	for i := range want {
		if g, w := d.Tokens[i], want[i]; g.ID != w.ID || g.Name != w.Name || g.Issuer != w.Issuer || g.Account != w.Account {
			return fmt.Errorf("revision %d, token %d: %q, want %q", d.Revision, i, g.Name, w.Name)
		}
	}
	return nil
}

func childSaveLoop(dir string) {
	s := Open(dir, keyringtest.New(ErrNoSecret))
	for i := 0; ; i++ {
		err := s.Update(func(d *Data) error {
			d.Tokens = versionTokens(d.Revision + 1) // Update then sets Revision+1
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "save-loop:", err)
			os.Exit(1)
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
}

// TestStoreSurvivesKilledWriter kills a process that saves in a loop at
// random moments, many times; every time, what is on disk loads and is one
// whole version, never a torn or empty file.
func TestStoreSurvivesKilledWriter(t *testing.T) {
	kills, budget := 200, 30*time.Second
	if testing.Short() {
		kills, budget = 20, 20*time.Second
	}
	s, _ := newTestStore(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	start := time.Now()
	var done, midWrite int
	var lastRevision uint64
	// At least minKills whatever the machine's speed; more while time allows.
	const minKills = 20
	for done < kills && (done < minKills || time.Since(start) < budget) {
		cmd := child(t, "save-loop", s.Dir, "")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || line != "ready\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child did not start saving: %q %v", line, err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(25 * time.Millisecond))))
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		done++

		if temps := staleTemps(s); len(temps) > 0 {
			midWrite++
		}
		d, err := s.Load()
		if err != nil {
			t.Fatalf("after kill %d: %v", done, err)
		}
		if err := checkVersion(d); err != nil {
			t.Fatalf("after kill %d: torn file: %v", done, err)
		}
		if d.Revision < lastRevision {
			t.Fatalf("after kill %d: revision went back from %d to %d", done, lastRevision, d.Revision)
		}
		lastRevision = d.Revision
		if done%5 != 0 { // the versions are checked less often: decoding is slow under -race
			continue
		}
		for _, b := range s.Backups() {
			raw, err := os.ReadFile(b)
			if err != nil {
				t.Fatal(err)
			}
			bd, err := decode(raw)
			if err != nil {
				t.Fatalf("after kill %d: %s does not load: %v", done, filepath.Base(b), err)
			}
			if err := checkVersion(bd); err != nil {
				t.Fatalf("after kill %d: %s is torn: %v", done, filepath.Base(b), err)
			}
		}
	}
	t.Logf("%d kills over %d saves in %v; %d left a temporary file (killed mid-write)",
		done, lastRevision, time.Since(start).Round(time.Millisecond), midWrite)
	// The next writer sweeps the dead writers' temporary files.
	if err := s.Update(func(*Data) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if temps := staleTemps(s); len(temps) > 0 {
		t.Errorf("temporary files left after a save: %q", temps)
	}
}

const updatesPerChild = 40

func childUpdates(dir, tag string) {
	s := Open(dir, keyringtest.New(ErrNoSecret))
	s.LockWait = time.Minute
	for i := range updatesPerChild {
		err := s.Update(func(d *Data) error {
			d.Tokens = append(d.Tokens, Token{ID: NewID(), Name: fmt.Sprintf("%s-%d", tag, i), Kind: TOTP, Algorithm: SHA1, Digits: 6, Period: 30})
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "updates:", err)
			os.Exit(1)
		}
	}
}

// Two processes updating at once lose no change.
func TestStoreConcurrentProcesses(t *testing.T) {
	s, _ := newTestStore(t)
	tags := []string{"a", "b", "c"}
	var wg sync.WaitGroup
	errs := make([]error, len(tags))
	for i, tag := range tags {
		cmd := child(t, "updates", s.Dir, tag)
		wg.Go(func() { errs[i] = cmd.Run() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("child %s: %v", tags[i], err)
		}
	}
	d := mustLoad(t, s)
	if want := uint64(len(tags) * updatesPerChild); d.Revision != want || len(d.Tokens) != int(want) {
		t.Fatalf("revision %d with %d tokens, want %d of each", d.Revision, len(d.Tokens), want)
	}
	seen := map[string]bool{}
	for _, tok := range d.Tokens {
		seen[tok.Name] = true
	}
	for _, tag := range tags {
		for i := range updatesPerChild {
			if !seen[fmt.Sprintf("%s-%d", tag, i)] {
				t.Errorf("change %s-%d lost", tag, i)
			}
		}
	}
}

// staleTemps lists the temp files that writers of s left behind.
func staleTemps(s *Store) []string {
	return append(atomicfile.Temps(s.Path()), atomicfile.Temps(s.BackupPath())...)
}

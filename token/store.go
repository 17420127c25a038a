package token

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofrs/flock"

	"github.com/otptray/otptray/internal/atomicfile"
	"github.com/otptray/otptray/internal/msg"
)

// SchemaVersion is the version of the tokens file this build writes.
const SchemaVersion = 1

// File names inside the data folder. The previous versions of the tokens
// file are kept beside it as tokens.json.1 (the newest) to tokens.json.5, so
// a bad save or a bad edit can be undone by copying one back.
const (
	FileName   = "tokens.json"
	BackupName = FileName + ".1"
	lockName   = "tokens.lock"
	// legacyTempPrefix starts the temp files of earlier versions.
	legacyTempPrefix = ".tokens-"
)

// BackupVersions is how many previous versions of the tokens file are kept.
const BackupVersions = 5

// Store keeps token metadata and settings in a JSON file and secrets in a
// Keyring. Every change goes through Update, which holds a lock file so the
// tray and the CLI can write at the same time without losing either change.
type Store struct {
	Dir     string
	Keyring Keyring
	// LockWait is how long a writer waits for another one; 0 means 5 s.
	LockWait time.Duration
}

// Open returns a Store on dir; nothing is read or created until used.
func Open(dir string, kr Keyring) *Store {
	return &Store{Dir: dir, Keyring: kr}
}

// ConfigDirEnv names the environment variable that overrides the data folder.
const ConfigDirEnv = "OTPTRAY_CONFIG_DIR"

// DefaultDir is OTPTRAY_CONFIG_DIR, else the data folder of a portable copy
// (PortableDir), else os.UserConfigDir()/otptray.
func DefaultDir() (string, error) { return DefaultDirEnv(os.Getenv) }

// DefaultDirEnv is DefaultDir reading the environment through getenv, so a
// program that keeps its own environment (the CLI under its testscripts)
// decides the same way.
func DefaultDirEnv(getenv func(string) string) (string, error) {
	if d := getenv(ConfigDirEnv); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("%s: %w", ConfigDirEnv, err)
		}
		return abs, nil
	}
	if d, ok := PortableDir(); ok {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's config folder: %w", err)
	}
	return filepath.Join(base, "otptray"), nil
}

// Path is the tokens file.
func (s *Store) Path() string { return filepath.Join(s.Dir, FileName) }

// BackupPath is the newest previous version of the tokens file.
func (s *Store) BackupPath() string { return s.versionPath(1) }

// versionPath is the tokens file as it was n saves ago (1 to BackupVersions).
func (s *Store) versionPath(n int) string {
	return filepath.Join(s.Dir, FileName+"."+strconv.Itoa(n))
}

// Backups lists the previous versions of the tokens file that exist, newest
// first.
func (s *Store) Backups() []string {
	var paths []string
	for n := 1; n <= BackupVersions; n++ {
		if fi, err := os.Stat(s.versionPath(n)); err == nil && fi.Mode().IsRegular() {
			paths = append(paths, s.versionPath(n))
		}
	}
	return paths
}

// Stamp identifies a version of the tokens file cheaply (size and
// modification time), so a long-running reader can poll for changes.
type Stamp struct {
	Size    int64
	ModTime time.Time
	Exists  bool
	File    uint64 // file identity (inode) where the OS gives it; see fileID
}

// Stamp returns the current Stamp of the tokens file.
func (s *Store) Stamp() Stamp {
	fi, err := os.Stat(s.Path())
	if err != nil {
		return Stamp{}
	}
	return Stamp{Size: fi.Size(), ModTime: fi.ModTime(), Exists: true, File: fileID(fi)}
}

// Load reads the tokens file. A missing file is an empty store. The tokens
// come without secrets (see Secret).
func (s *Store) Load() (*Data, error) {
	d, _, err := s.load()
	return d, err
}

func (s *Store) load() (*Data, []byte, error) {
	raw, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return &Data{Schema: SchemaVersion, Tokens: []Token{}}, nil, nil
	}
	if err != nil {
		return nil, nil, msg.New("store.read", err, "Path", s.Path())
	}
	d, err := decode(raw)
	if err != nil {
		var se *schemaError
		if errors.As(err, &se) {
			return nil, nil, msg.New("store.schema", nil, "Path", s.Path(), "Schema", se.got)
		}
		if b := s.Backups(); len(b) > 0 {
			return nil, nil, msg.New("store.corrupt", nil, "Path", s.Path(), "Backup", b[0], "Detail", err)
		}
		return nil, nil, msg.New("store.corrupt_nobackup", nil, "Path", s.Path(), "Detail", err)
	}
	return d, raw, nil
}

type schemaError struct{ got int }

func (e *schemaError) Error() string { return "schema " + strconv.Itoa(e.got) }

// decode parses and checks a tokens file; errors name the line.
func decode(raw []byte) (*Data, error) {
	var d Data
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("the file is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&d); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, fmt.Errorf("line %d: %w", lineOf(raw, syn.Offset), err)
		case errors.As(err, &typ):
			return nil, fmt.Errorf("line %d: %w", lineOf(raw, typ.Offset), err)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("line %d: %w", lineOf(raw, int64(len(raw))), err)
		}
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("extra data after the JSON object")
	}
	if d.Schema < 1 {
		return nil, errors.New("no schema version: not an otptray tokens file")
	}
	if d.Schema > SchemaVersion {
		return nil, &schemaError{d.Schema}
	}
	if d.Tokens == nil {
		d.Tokens = []Token{}
	}
	seen := map[string]bool{}
	for i := range d.Tokens {
		t := &d.Tokens[i]
		if t.ID == "" || seen[t.ID] {
			return nil, fmt.Errorf("token %d: missing or repeated id", i+1)
		}
		seen[t.ID] = true
		if err := t.Normalize(); err != nil {
			return nil, msg.New("store.bad_token", err, "Index", i+1, "Name", CleanText(t.Name))
		}
	}
	return &d, nil
}

func lineOf(raw []byte, off int64) int {
	if off > int64(len(raw)) {
		off = int64(len(raw))
	}
	return bytes.Count(raw[:off], []byte("\n")) + 1
}

// Update runs fn on the current data under the lock and saves the result
// atomically, keeping the replaced file as the newest of the previous
// versions. If fn returns an error nothing is written. A damaged file is
// never overwritten: Update fails as Load does.
func (s *Store) Update(fn func(*Data) error) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	s.removeStaleTemps()
	d, old, err := s.load()
	if err != nil {
		return err
	}
	if err := fn(d); err != nil {
		return err
	}
	d.Schema = SchemaVersion
	d.Revision++
	buf, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return msg.New("store.write", err, "Path", s.Path())
	}
	buf = append(buf, '\n')
	if old != nil {
		s.rotate()
		if err := writeFile(s.BackupPath(), old); err != nil {
			return msg.New("store.write", err, "Path", s.BackupPath())
		}
	}
	if err := writeFile(s.Path(), buf); err != nil {
		return msg.New("store.write", err, "Path", s.Path())
	}
	return nil
}

// rotate moves each kept version one step older, dropping the oldest, to make
// room for the version being replaced. It is best effort: a version that
// cannot move is overwritten or left, which loses history, never the tokens.
func (s *Store) rotate() {
	for n := BackupVersions - 1; n >= 1; n-- {
		if _, err := os.Lstat(s.versionPath(n)); err == nil {
			_ = os.Rename(s.versionPath(n), s.versionPath(n+1))
		}
	}
}

// writeFile is writeAtomic; tests replace it to make a save fail.
var writeFile = writeAtomic

// writeAtomic replaces path with data, readable by the user only, so that a
// crash at any moment leaves either the old or the new content.
func writeAtomic(path string, data []byte) error { return atomicfile.Write(path, data, 0o600) }

func (s *Store) lock() (func(), error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return nil, msg.New("store.dir", err, "Path", s.Dir)
	}
	path := filepath.Join(s.Dir, lockName)
	fl := flock.New(path, flock.SetPermissions(0o600))
	wait := s.LockWait
	if wait == 0 {
		wait = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if !ok {
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return nil, msg.New("store.lock", err, "Path", path)
		}
		return nil, msg.New("store.locked", nil, "Path", path)
	}
	return func() { _ = fl.Unlock() }, nil
}

// removeStaleTemps deletes temp files of writers that died mid-save; under the
// lock no live writer owns one. Writers before atomicfile named theirs
// legacyTempPrefix+"*".
func (s *Store) removeStaleTemps() {
	legacy, _ := filepath.Glob(filepath.Join(s.Dir, legacyTempPrefix+"*"))
	for _, m := range append(append(legacy, atomicfile.Temps(s.Path())...), atomicfile.Temps(s.BackupPath())...) {
		_ = os.Remove(m)
	}
}

package transfer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
)

// MinBackupPassword is the shortest password a backup accepts.
const MinBackupPassword = 8

// CheckBackupPassword refuses passwords too short to protect every secret.
func CheckBackupPassword(pw []byte) error {
	if utf8.RuneCount(pw) < MinBackupPassword {
		return msg.New("transfer.export.password_short", nil, "Min", MinBackupPassword)
	}
	return nil
}

// WriteNew creates path with data, readable by the owner only. It never
// replaces an existing file: exports hold secrets, and an overwrite might
// destroy the only other copy. A partly written file is removed.
func WriteNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return msg.New("transfer.export.exists", nil, "Path", path)
		}
		return msg.New("transfer.export.create", err, "Path", path)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(path)
		return msg.New("transfer.export.write", err, "Path", path)
	}
	return nil
}

// CheckNew fails if any of paths exists, so a multi-file export can refuse
// before it writes the first file.
func CheckNew(paths ...string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return msg.New("transfer.export.exists", nil, "Path", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return msg.New("transfer.export.create", err, "Path", p)
		}
	}
	return nil
}

// FileName turns a token name into a safe file name stem: letters, digits
// and a few marks kept; anything that could name another folder replaced.
func FileName(name string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' || r == '@' || r == '(' || r == ')':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	s := strings.Trim(b.String(), "._")
	if s == "" {
		s = "token"
	}
	if windowsReserved(s) {
		s = "_" + s
	}
	if len(s) > 100 {
		s = s[:100]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// UniquePaths gives each name its own PNG path in dir (name.png, name-2.png...).
func UniquePaths(dir string, names []string) []string {
	used := map[string]bool{}
	out := make([]string, len(names))
	for i, n := range names {
		stem := FileName(n)
		p := stem + ".png"
		for k := 2; used[strings.ToLower(p)]; k++ {
			p = stem + "-" + strconv.Itoa(k) + ".png"
		}
		used[strings.ToLower(p)] = true
		out[i] = filepath.Join(dir, p)
	}
	return out
}

// windowsReserved: Windows refuses these names for files, with any
// extension (CON.png is the console).
func windowsReserved(stem string) bool {
	u := strings.ToUpper(stem)
	if i := strings.IndexByte(u, '.'); i >= 0 {
		u = u[:i]
	}
	switch u {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '0' && u[3] <= '9' {
		return true
	}
	return false
}

package transfer

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otptray/otptray/internal/keyringtest"
	"github.com/otptray/otptray/token"
)

// Imported tokens keep their secrets in the keyring only: nothing in the
// data folder, after every kind of plain backup, holds one in any encoding,
// and neither does the summary of the import.
func TestImportedSecretsNotOnDisk(t *testing.T) {
	for _, name := range []string{"aegis-plain.json", "andotp-plain.json", "2fas-plain.2fas", "google-multibatch.txt"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			kr := keyringtest.New(token.ErrNoSecret)
			s := token.Open(t.TempDir(), kr)
			plan := NewPlan(res, nil)
			added, err := plan.Apply(s, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if len(added) == 0 || kr.Len() != len(added) {
				t.Fatalf("%d tokens added, %d secrets in the keyring", len(added), kr.Len())
			}
			var forms [][]byte
			for _, tok := range added {
				b32 := base32.StdEncoding.EncodeToString(tok.Secret)
				for _, f := range []string{string(tok.Secret), b32, strings.TrimRight(b32, "="), strings.ToLower(strings.TrimRight(b32, "=")),
					hex.EncodeToString(tok.Secret), base64.StdEncoding.EncodeToString(tok.Secret)} {
					forms = append(forms, []byte(f))
				}
			}
			check := func(what string, b []byte) {
				for i, f := range forms {
					if bytes.Contains(b, f) {
						t.Errorf("%s holds the secret of token %d", what, i/6)
					}
				}
			}
			files := 0
			err = filepath.WalkDir(s.Dir, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				files++
				raw, err := os.ReadFile(path)
				check(filepath.Base(path), raw)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if files == 0 {
				t.Fatal("no file written")
			}
			check("the summary", []byte(plan.Summary(english{}, false)))
			for _, sk := range plan.Skipped {
				check("a skipped entry's text", []byte(SkippedText(english{}, sk)))
			}
		})
	}
}

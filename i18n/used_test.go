package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// dynamicPrefixes are the beginnings of message IDs that the code puts
// together at run time; every ID that starts with one counts as used.
var dynamicPrefixes = map[string]string{
	// token/keyring.go, keyringErr: + runtime.GOOS (windows, darwin).
	"keyring.unavailable_": "keyring.unavailable_windows, keyring.unavailable_darwin",
	// tray/model.go, the language menu: + each of Languages.
	"tray.lang.": "tray.lang.en, tray.lang.ja",
}

// raisedByTestsOnly are IDs that no program code uses but tests raise as
// an example error (a fake keyring that refuses). Drop an entry once its
// tests no longer need it.
var raisedByTestsOnly = map[string]string{
	"keyring.failed": "the refusing keyring of tray/model_test.go and tray/app_test.go",
}

// TestCatalogueUsed fails when a message of the catalogue is not named by
// any Go code of the module: a message left behind when the code that
// showed it went away. An ID counts as used when its literal string
// appears in a non-test .go file.
func TestCatalogueUsed(t *testing.T) {
	ids := catalogueIDs(t)
	used := sourceStrings(t, moduleRoot(t))
	for prefix := range dynamicPrefixes {
		if !used[prefix] {
			t.Errorf("dynamic prefix %q no longer appears in the code: update dynamicPrefixes", prefix)
		}
	}
	for id := range raisedByTestsOnly {
		switch {
		case !ids[id]:
			t.Errorf("%q is listed in raisedByTestsOnly but not in the catalogue", id)
		case used[id]:
			t.Errorf("%q is listed in raisedByTestsOnly but the code uses it now: drop it from the list", id)
		}
	}
	var unused []string
	for id := range ids {
		if used[id] || raisedByTestsOnly[id] != "" || hasDynamicPrefix(id) {
			continue
		}
		unused = append(unused, id)
	}
	sort.Strings(unused)
	for _, id := range unused {
		t.Errorf("message %q is in the catalogue but no code uses it: remove it (every language), or list how it is built in dynamicPrefixes", id)
	}
}

func hasDynamicPrefix(id string) bool {
	for p := range dynamicPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// catalogueIDs are the IDs of every locale file.
func catalogueIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	files, err := fs.Glob(locales, "locales/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		var m map[string]any
		if err := tomlUnmarshal(mustRead(t, f), &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id := range m {
			ids[id] = true
		}
	}
	if len(ids) == 0 {
		t.Fatal("no message IDs found")
	}
	return ids
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	return dir
}

// sourceStrings are the string literals of the module's non-test Go files.
func sourceStrings(t *testing.T, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n, ok := n.(*ast.BasicLit); ok && n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					out[s] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// cmdUnbase64 writes the bytes of a base64 file of the script: binary
// fixtures (KeePass databases) cannot be txtar files themselves.
func cmdUnbase64(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unbase64 IN OUT")
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(ts.ReadFile(args[0])), ""))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o600))
}

// The base64 databases in the scripts are the fixtures of token/transfer,
// as its fixture writer makes them.
func TestScriptDatabasesCurrent(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "script", "import_kdbx.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".b64")
		if !ok {
			continue
		}
		found++
		got, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(f.Data)), ""))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "token", "transfer", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s in import_kdbx.txtar differs from token/transfer/testdata/%s", f.Name, name)
		}
	}
	if found == 0 {
		t.Error("no base64 database in import_kdbx.txtar")
	}
}

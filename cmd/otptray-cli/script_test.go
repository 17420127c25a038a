package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/token"
)

// TestScripts runs the scenarios in testdata/script through the built
// program against the real system keyring, which only the headless session
// (make test) provides; elsewhere e2e.Require skips with the reason, and
// fails under CI.
//
// Each script gets its own data folder ($WORK/config). The keyring is shared
// with every other test, so each script ends by removing its tokens and
// checking with `secrets 0` that no entry is left, and whatever a failed
// script leaves is deleted afterwards (cleanKeyring).
func TestScripts(t *testing.T) {
	e2e.Require(t)
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/cmd/otptray-cli")
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			scriptEnv(env, bin)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"secrets":  cmdSecrets,
			"exitcode": cmdExitCode,
		},
	})
}

// scriptEnv prepares a script to run the program bin against the real
// keyring: bin on PATH, the session bus (through which the Secret Service is
// reached), its own data folder $WORK/config, English and no trace; and, once
// the script is done, the removal of every keyring entry it left.
func scriptEnv(env *testscript.Env, bin string) {
	env.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+env.Getenv("PATH"))
	for _, v := range []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"} {
		env.Setenv(v, os.Getenv(v))
	}
	env.Setenv("OTPTRAY_CONFIG_DIR", filepath.Join(env.WorkDir, "config"))
	env.Setenv("OTPTRAY_LANG", "en")
	env.Setenv("OTPTRAY_TRACE", "")
	work := env.WorkDir
	env.Defer(func() {
		if err := cleanKeyring(work); err != nil {
			env.T().Log(err)
		}
	})
}

// tokenIDs finds every token ID written in any file under dir: the tokens
// file, its backups, and copies a script made (also damaged ones, which is
// why this reads text and does not parse JSON).
func tokenIDs(dir string) ([]string, error) {
	re := regexp.MustCompile(`"id":\s*"([0-9a-f]{16})"`)
	var ids []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllSubmatch(raw, -1) {
			ids = append(ids, string(m[1]))
		}
		return nil
	})
	slices.Sort(ids)
	return slices.Compact(ids), err
}

// cleanKeyring deletes the keyring entries of every token of a script.
func cleanKeyring(dir string) error {
	ids, err := tokenIDs(dir)
	for _, id := range ids {
		err = errors.Join(err, token.SystemKeyring{}.Delete(id))
	}
	return err
}

// cmdSecrets: `secrets N` checks that the system keyring holds exactly N
// entries for the tokens this script ever had (in the tokens file or its
// backups). `secrets 0` after removing everything proves that remove deleted
// the secrets.
func cmdSecrets(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: secrets N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	ids, err := tokenIDs(ts.Getenv("WORK"))
	ts.Check(err)
	n := 0
	for _, id := range ids {
		_, err := token.SystemKeyring{}.Get(id)
		switch {
		case err == nil:
			n++
		case !errors.Is(err, token.ErrNoSecret):
			ts.Fatalf("keyring: %v", err)
		}
	}
	if n != want {
		ts.Fatalf("the keyring holds %d secrets of this script's %d tokens, want %d", n, len(ids), want)
	}
}

// cmdExitCode: `exitcode N prog args...` runs prog like exec and checks its
// exit status is N, so scripts can tell errors (1) from usage errors (2).
// stdout and stderr are kept for the following checks.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

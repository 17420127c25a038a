package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
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

// The scenarios in testdata/script and testdata/vipscript run twice, as
// subtests named for the keyring the program keeps its secrets in:
//
//   - keyring=system: the built program against the real system keyring,
//     which only the headless session (make test) provides; elsewhere
//     e2e.Require skips with the reason, and fails under CI. The keyring is
//     shared with every other test, so each script ends by removing its
//     tokens and checking with `secrets 0` that no entry is left, and
//     whatever a failed script leaves is deleted afterwards (cleanKeyring).
//   - keyring=file: the program's main run by the test binary itself
//     (testscript.Main, as otptray-cli on PATH) with the secrets in a
//     fileKeyring beside $WORK, so that a plain `go test` runs the
//     scenarios too, without a desktop session.
//
// Each script gets its own data folder ($WORK/config). The condition
// [secretservice] holds on the system keyring only: scenarios about the
// Secret Service itself skip without it.
type scriptKeyring string

const (
	onSystemKeyring scriptKeyring = "system"
	onFileKeyring   scriptKeyring = "file"
)

// fileKeyringVar names, in a script's environment, the file of its
// fileKeyring; the test binary's otptray-cli (scriptMain) reads it.
const fileKeyringVar = "OTPTRAY_TEST_KEYRING_FILE"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"otptray-cli": scriptMain})
}

// systemKeyringVar, set to 1 in a script's environment, makes the test
// binary's otptray-cli use the system keyring as the program does, for
// scenarios about a system keyring that cannot be reached.
const systemKeyringVar = "OTPTRAY_TEST_SYSTEM_KEYRING"

// scriptMain is main, on the fileKeyring that $OTPTRAY_TEST_KEYRING_FILE
// names, or with $OTPTRAY_TEST_SYSTEM_KEYRING=1 on the system keyring.
func scriptMain() {
	c := newCLI()
	setTestUpdater(c)
	if os.Getenv(systemKeyringVar) == "1" {
		os.Exit(c.run(os.Args[1:]))
	}
	p := os.Getenv(fileKeyringVar)
	if p == "" {
		fmt.Fprintln(os.Stderr, "otptray-cli (test binary): "+fileKeyringVar+" is not set")
		os.Exit(exitError)
	}
	c.keyring = fileKeyring{p}
	os.Exit(c.run(os.Args[1:]))
}

func TestScripts(t *testing.T) {
	for _, kr := range []scriptKeyring{onSystemKeyring, onFileKeyring} {
		t.Run("keyring="+string(kr), func(t *testing.T) {
			runScripts(t, kr, "script", nil, nil)
		})
	}
}

// runScripts runs the scenarios in testdata/dir with the program on the
// keyring kr, the commands secrets and exitcode and those in cmds; setup,
// if not nil, prepares each script's environment further.
func runScripts(t *testing.T, kr scriptKeyring, dir string, setup func(*testscript.Env) error, cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) {
	var bin string
	if kr == onSystemKeyring {
		e2e.Require(t)
		// The scenarios' code runs under the race detector in-process
		// (keyring=file); here the program as users get it meets the real
		// keyring.
		bin = e2e.BuildPlainBinary(t, "github.com/otptray/otptray/cmd/otptray-cli")
	}
	all := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"secrets":  cmdSecrets,
		"exitcode": cmdExitCode,
		"unbase64": cmdUnbase64,
		"traylock": cmdTrayLock,
		"tokenid":  cmdTokenID,
		"expand":   cmdExpand,
	}
	maps.Copy(all, cmds)
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", dir),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			scriptEnv(env, kr, bin)
			if setup != nil {
				return setup(env)
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "secretservice":
				return kr == onSystemKeyring, nil
			case "busdiscoverable":
				return busDiscoverable(), nil
			case "installseam":
				// The test binary's otptray-cli installs through a seam
				// (setTestUpdater); the built program is the real one.
				return kr == onFileKeyring, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: all,
	})
}

// scriptEnv prepares a script to run the program on the keyring kr: its own
// data folder $WORK/config, English and no trace. On the system keyring the
// program is bin, first on PATH, with the session bus (through which the
// Secret Service is reached), and once the script is done every keyring
// entry it left is removed. On a fileKeyring the file lies beside $WORK,
// not in it, as scripts check that no file under $WORK holds a secret; it
// goes with the scripts' temporary folder.
func scriptEnv(env *testscript.Env, kr scriptKeyring, bin string) {
	env.Setenv("OTPTRAY_CONFIG_DIR", filepath.Join(env.WorkDir, "config"))
	env.Setenv("OTPTRAY_LANG", "en")
	env.Setenv("OTPTRAY_TRACE", "")
	if kr == onFileKeyring {
		env.Setenv(fileKeyringVar, env.WorkDir+".keyring")
		// testscript.Main put the test binary's otptray-cli on this
		// process's PATH.
		if p, err := exec.LookPath("otptray-cli"); err == nil {
			env.Setenv("CLI_ONLY_PATH", filepath.Dir(p))
		}
		return
	}
	env.Setenv("CLI_ONLY_PATH", filepath.Dir(bin))
	env.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+env.Getenv("PATH"))
	for _, v := range []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"} {
		env.Setenv(v, os.Getenv(v))
	}
	work := env.WorkDir
	env.Defer(func() {
		if err := cleanKeyring(work); err != nil {
			env.T().Log(err)
		}
	})
}

// busDiscoverable reports whether godbus would find a session bus without
// DBUS_SESSION_BUS_ADDRESS: it looks for /run/user/UID/bus.
func busDiscoverable() bool {
	_, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid()))
	return err == nil
}

// keyringOf is the keyring the program of the script ts keeps its secrets in.
func keyringOf(ts *testscript.TestScript) token.Keyring {
	if p := ts.Getenv(fileKeyringVar); p != "" {
		return fileKeyring{p}
	}
	return token.SystemKeyring{}
}

// tokenIDs finds every token ID written in any file under dir: the tokens
// file, its backups, and copies a script made (also damaged ones, which is
// why this reads text and does not parse JSON).
func tokenIDs(dir string) ([]string, error) {
	// A followed file's password has an entry of its own, named alike.
	re := regexp.MustCompile(`"(?:id|password_entry)":\s*"([0-9a-f]{16})"`)
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

// cmdSecrets: `secrets N` checks that the script's keyring holds exactly N
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
	kr := keyringOf(ts)
	n := 0
	for _, id := range ids {
		_, err := kr.Get(id)
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

// Command signrelease signs a release's SHA256SUMS with the release key:
// it writes FILE.minisig, a detached minisign signature (Ed25519 over the
// file's BLAKE2b-512 hash, minisign's default), which the updater checks
// against the public keys compiled into package update.
//
//	OTPTRAY_SIGNING_KEY=~/keys/otptray.key go run ./packaging/signrelease dist/release/SHA256SUMS
//
// The private key is read from the file that OTPTRAY_SIGNING_KEY names, a
// minisign secret key (`minisign -G`). A password-protected key takes its
// password from OTPTRAY_SIGNING_PASSWORD. A key file that its group or
// other users may read is refused. Nothing of the key is ever printed.
//
// The messages are English: this is a maintainer's tool, run by the release
// scripts, and says nothing to otptray's users.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"aead.dev/minisign"
)

// The environment variables that name the key and give its password.
const (
	keyEnv      = "OTPTRAY_SIGNING_KEY"
	passwordEnv = "OTPTRAY_SIGNING_PASSWORD"
)

// maxKeyFile bounds what is read of the key file: a minisign secret key
// is one comment line and about 210 characters of base64.
const maxKeyFile = 4096

func main() {
	os.Exit(run(os.Getenv, os.Args[1:], os.Stdout, os.Stderr))
}

// run signs each file named in args, with the environment read through
// getenv, and returns the exit status.
func run(getenv func(string) string, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: signrelease FILE...  (the key: "+keyEnv+"=PATH, password in "+passwordEnv+")")
		return 2
	}
	key, err := loadKey(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "signrelease:", err)
		return 1
	}
	for _, name := range args {
		if err := signFile(key, name, getenv("SOURCE_DATE_EPOCH")); err != nil {
			fmt.Fprintln(stderr, "signrelease:", err)
			return 1
		}
		fmt.Fprintf(stdout, "signed %s with key %s: %s.minisig\n", filepath.Base(name), keyID(key.ID()), name)
	}
	return 0
}

// loadKey reads the private key from the file keyEnv names.
func loadKey(getenv func(string) string) (minisign.PrivateKey, error) {
	path := getenv(keyEnv)
	if path == "" {
		return minisign.PrivateKey{}, errors.New(keyEnv + " is not set: set it to the release key's file (a minisign secret key)")
	}
	f, err := os.Open(path)
	if err != nil {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %w", keyEnv, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %w", keyEnv, err)
	}
	if !fi.Mode().IsRegular() {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %s is not a regular file", keyEnv, path)
	}
	// The check looks at the open file, so the file checked is the file read.
	if err := checkPrivate(path, fi); err != nil {
		return minisign.PrivateKey{}, err
	}
	text, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %w", keyEnv, err)
	}
	defer clear(text)
	if len(text) > maxKeyFile {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %s is too large for a minisign secret key", keyEnv, path)
	}
	text = bytes.TrimSpace(text)
	var key minisign.PrivateKey
	if minisign.IsEncrypted(text) {
		password := getenv(passwordEnv)
		if password == "" {
			return minisign.PrivateKey{}, fmt.Errorf("%s: the key in %s is protected by a password: set %s", keyEnv, path, passwordEnv)
		}
		if key, err = minisign.DecryptKey(password, text); err != nil {
			// The library's errors name no key bytes; say it plainly anyway.
			return minisign.PrivateKey{}, fmt.Errorf("%s: cannot decrypt the key in %s: wrong password in %s, or not a minisign key", keyEnv, path, passwordEnv)
		}
		return key, nil
	}
	if err := key.UnmarshalText(text); err != nil {
		return minisign.PrivateKey{}, fmt.Errorf("%s: %s is not a minisign secret key", keyEnv, path)
	}
	return key, nil
}

// signFile writes name.minisig. The trusted comment, which the signature
// covers, names the file and the time of signing: SOURCE_DATE_EPOCH when
// set, so a rebuilt release gets the same signature (Ed25519 signatures
// are deterministic).
func signFile(key minisign.PrivateKey, name, sourceDateEpoch string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	stamp := time.Now().Unix()
	if sourceDateEpoch != "" {
		if stamp, err = strconv.ParseInt(sourceDateEpoch, 10, 64); err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", sourceDateEpoch)
		}
	}
	r := minisign.NewReader(bytes.NewReader(data))
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	trusted := fmt.Sprintf("timestamp:%d\tfile:%s", stamp, filepath.Base(name))
	untrusted := "signature from otptray release key " + keyID(key.ID())
	sig := r.SignWithComments(key, trusted, untrusted)

	// The signature must verify with the key's public half before it is
	// written: a broken signature would stop every update.
	pub, ok := key.Public().(minisign.PublicKey)
	if !ok || !minisign.Verify(pub, data, sig) {
		return fmt.Errorf("the signature of %s does not verify with the key's public key", name)
	}
	return os.WriteFile(name+".minisig", sig, 0o644)
}

// keyID is a key's ID as minisign prints it: 16 hex digits, upper case.
func keyID(id uint64) string {
	return fmt.Sprintf("%016X", id)
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"aead.dev/minisign"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/otptray/otptray/update"
	"github.com/otptray/otptray/update/install"
)

// In a script's environment, for the test binary's otptray-cli only
// (scriptMain): the release key it trusts, the folder its install step
// copies the verified file into instead of running it, and the version it
// says it is.
const (
	testReleaseKeyVar = "OTPTRAY_TEST_RELEASE_KEY"
	testInstallDirVar = "OTPTRAY_TEST_INSTALLED"
	testVersionVar    = "OTPTRAY_TEST_VERSION"
)

// setTestUpdater makes c trust the release key and install into the
// folder that the script's environment names.
func setTestUpdater(c *cli) {
	if k := os.Getenv(testReleaseKeyVar); k != "" {
		keys, err := update.ParseKeys(k)
		if err != nil {
			panic(err)
		}
		c.releaseVerifier = &update.Verifier{Keys: keys}
	}
	if v := os.Getenv(testVersionVar); v != "" {
		version = v
	}
	if dir := os.Getenv(testInstallDirVar); dir != "" {
		c.releaseInstaller = func(v string) (string, install.Installer, error) {
			return install.MSIName(v, "amd64"), copyInstaller{dir}, nil
		}
	}
}

// copyInstaller is the install seam of the scripts: it keeps a copy of
// the verified file, which the script compares with the release.
type copyInstaller struct{ dir string }

func (i copyInstaller) Install(_ context.Context, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(i.dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(i.dir, filepath.Base(file)), data, 0o600)
}

// TestUpdateScripts runs the scenarios in testdata/updatescript with a
// release server on 127.0.0.1 (TLS; its certificate in SSL_CERT_FILE). The
// server's feed is at $FEED and lists each file of $WORK/release as an
// asset; the release command writes a signed release there.
func TestUpdateScripts(t *testing.T) {
	for _, kr := range []scriptKeyring{onSystemKeyring, onFileKeyring} {
		t.Run("keyring="+string(kr), func(t *testing.T) {
			runUpdateScripts(t, kr)
		})
	}
}

type releaseKeys struct{ release, other minisign.PrivateKey }

func runUpdateScripts(t *testing.T, kr scriptKeyring) {
	var mu sync.Mutex
	keys := map[string]releaseKeys{} // by $WORK
	setup := func(env *testscript.Env) error {
		work := env.WorkDir
		pub, priv, err := minisign.GenerateKey(nil)
		if err != nil {
			return err
		}
		_, other, err := minisign.GenerateKey(nil)
		if err != nil {
			return err
		}
		mu.Lock()
		keys[work] = releaseKeys{priv, other}
		mu.Unlock()

		srv := httptest.NewTLSServer(releaseHandler(filepath.Join(work, "release")))
		certFile := work + ".cert.pem"
		cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		if err := os.WriteFile(certFile, cert, 0o644); err != nil {
			return err
		}
		env.Defer(srv.Close)
		env.Setenv("FEED", srv.URL+"/feed")
		env.Setenv("SSL_CERT_FILE", certFile)
		env.Setenv(testReleaseKeyVar, pub.String())
		env.Setenv(testInstallDirVar, filepath.Join(work, "installed"))
		env.Setenv("TMPDIR", filepath.Join(work, "tmp"))
		return os.MkdirAll(filepath.Join(work, "tmp"), 0o700)
	}
	runScripts(t, kr, "updatescript", setup, map[string]func(ts *testscript.TestScript, neg bool, args []string){
		// release VERSION [otherkey]: $WORK/release holds release VERSION:
		// its MSI, SHA256SUMS and SHA256SUMS.minisig, signed by the key the
		// program trusts, or by another one.
		"release": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) < 1 || len(args) > 2 {
				ts.Fatalf("usage: release VERSION [otherkey]")
			}
			mu.Lock()
			k := keys[ts.Getenv("WORK")]
			mu.Unlock()
			priv := k.release
			if len(args) == 2 {
				if args[1] != "otherkey" {
					ts.Fatalf("usage: release VERSION [otherkey]")
				}
				priv = k.other
			}
			ts.Check(writeRelease(ts.MkAbs("release"), args[0], priv))
		},
		// emptydir DIR: DIR exists and holds nothing.
		"emptydir": func(ts *testscript.TestScript, neg bool, args []string) {
			if len(args) != 1 {
				ts.Fatalf("usage: emptydir DIR")
			}
			entries, err := os.ReadDir(ts.MkAbs(args[0]))
			ts.Check(err)
			if empty := len(entries) == 0; empty == neg {
				ts.Fatalf("%s holds %d entries", args[0], len(entries))
			}
		},
	})
}

// writeRelease writes a release of version into dir, its files signed by
// priv, and the tag the feed names.
func writeRelease(dir, version string, priv minisign.PrivateKey) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	msi := install.MSIName(version, "amd64")
	data := []byte("MSI of otptray " + version + "\n" + strings.Repeat("x", 64<<10))
	sum := sha256.Sum256(data)
	sums := []byte(hex.EncodeToString(sum[:]) + "  " + msi + "\n")
	r := minisign.NewReader(bytes.NewReader(sums))
	if _, err := r.Read(make([]byte, len(sums)+1)); err != nil {
		return err
	}
	sig := r.SignWithComments(priv, "timestamp:1700000000\tfile:SHA256SUMS", "test")
	for name, b := range map[string][]byte{msi: data, update.SumsName: sums, update.SignatureName: sig, ".tag": []byte("v" + version)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// releaseHandler serves the feed of the release in dir (its .tag, every
// other file an asset) and the files.
func releaseHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed" {
			http.ServeFile(w, r, filepath.Join(dir, filepath.Base(r.URL.Path)))
			return
		}
		tag, err := os.ReadFile(filepath.Join(dir, ".tag"))
		if err != nil {
			http.Error(w, "no release", http.StatusNotFound)
			return
		}
		entries, _ := os.ReadDir(dir)
		type asset struct {
			Name string `json:"name"`
			URL  string `json:"browser_download_url"`
			Size int64  `json:"size"`
		}
		feed := struct {
			Tag    string  `json:"tag_name"`
			Page   string  `json:"html_url"`
			Assets []asset `json:"assets"`
		}{Tag: string(tag), Page: "https://github.com/otptray/otptray/releases/tag/" + string(tag)}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			fi, err := e.Info()
			if err != nil {
				continue
			}
			feed.Assets = append(feed.Assets, asset{e.Name(), fmt.Sprintf("https://%s/download/%s", r.Host, e.Name()), fi.Size()})
		}
		sort.Slice(feed.Assets, func(i, j int) bool { return feed.Assets[i].Name < feed.Assets[j].Name })
		json.NewEncoder(w).Encode(feed)
	})
}

package install

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"
	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/update"
)

// fakeInstaller records what it was given, as msiexec would get it.
type fakeInstaller struct {
	mu    sync.Mutex
	calls []string
	data  []byte
	err   error
}

func (f *fakeInstaller) Install(_ context.Context, file string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, file)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	f.data = data
	return f.err
}

// release is a release on a loopback TLS server: its files by name, and a
// handler per name that a test may replace.
type release struct {
	t        *testing.T
	srv      *httptest.Server
	version  string
	files    map[string][]byte
	handlers map[string]http.HandlerFunc
	assets   []update.Asset
}

const testVersion = "1.3.0"

var msiFile = MSIName(testVersion, "amd64")

func newKey(t *testing.T) (minisign.PublicKey, minisign.PrivateKey) {
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func sumsOf(files map[string][]byte) []byte {
	var b bytes.Buffer
	for _, name := range []string{MSIName(testVersion, "amd64"), PortableName(testVersion, "amd64")} {
		if data, ok := files[name]; ok {
			s := sha256.Sum256(data)
			fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(s[:]), name)
		}
	}
	return b.Bytes()
}

func sign(t *testing.T, priv minisign.PrivateKey, data []byte) []byte {
	r := minisign.NewReader(bytes.NewReader(data))
	if _, err := r.Read(make([]byte, len(data)+1)); err != nil {
		t.Fatal(err)
	}
	return r.SignWithComments(priv, "timestamp:1700000000\tfile:SHA256SUMS", "test")
}

// newRelease serves a signed release 1.3.0: an MSI of 200 KiB of random
// bytes, a portable zip, SHA256SUMS and its signature by priv.
func newRelease(t *testing.T, priv minisign.PrivateKey) *release {
	msi := make([]byte, 200<<10)
	rand.Read(msi)
	files := map[string][]byte{msiFile: msi, PortableName(testVersion, "amd64"): []byte("PK portable")}
	sums := sumsOf(files)
	files[update.SumsName] = sums
	files[update.SignatureName] = sign(t, priv, sums)

	r := &release{t: t, version: testVersion, files: files, handlers: map[string]http.HandlerFunc{}}
	r.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		name := strings.TrimPrefix(req.URL.Path, "/download/")
		if h, ok := r.handlers[name]; ok {
			h(w, req)
			return
		}
		data, ok := r.files[name]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(r.srv.Close)
	for name, data := range files {
		r.assets = append(r.assets, update.Asset{Name: name, URL: r.srv.URL + "/download/" + name, Size: int64(len(data))})
	}
	return r
}

func (r *release) result() update.Result {
	return update.Result{Latest: r.version, Newer: true, Assets: append([]update.Asset(nil), r.assets...)}
}

func (r *release) setAsset(name string, change func(*update.Asset)) {
	for i := range r.assets {
		if r.assets[i].Name == name {
			change(&r.assets[i])
		}
	}
}

func (r *release) dropAsset(name string) {
	var kept []update.Asset
	for _, a := range r.assets {
		if a.Name != name {
			kept = append(kept, a)
		}
	}
	r.assets = kept
}

func TestInstall(t *testing.T) {
	pub, priv := newKey(t)
	_, otherPriv := newKey(t)

	tests := []struct {
		name    string
		current string
		prepare func(r *release, u *Updater)
		file    string // "": the MSI
		want    string // the Failure expected; "": installed
	}{
		{name: "good update", current: "1.2.3"},
		{name: "good update of the portable copy", current: "1.2.3", file: PortableName(testVersion, "amd64")},
		{name: "good update, no sizes in the feed", current: "1.2.3-4-gabc1234", prepare: func(r *release, u *Updater) {
			for i := range r.assets {
				r.assets[i].Size = 0
			}
		}},
		{name: "tampered file", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.files[msiFile] = bytes.Clone(r.files[msiFile])
			r.files[msiFile][1000] ^= 1
		}, want: string(update.HashMismatch)},
		{name: "tampered SHA256SUMS", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.files[update.SumsName] = bytes.Replace(r.files[update.SumsName], []byte{'0'}, []byte{'1'}, 1)
		}, want: string(update.BadSignature)},
		{name: "SHA256SUMS of the tampered file, signature kept", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.files[msiFile] = []byte("evil")
			r.files[update.SumsName] = sumsOf(r.files)
			r.setAsset(msiFile, func(a *update.Asset) { a.Size = 4 })
			r.setAsset(update.SumsName, func(a *update.Asset) { a.Size = int64(len(r.files[update.SumsName])) })
		}, want: string(update.BadSignature)},
		{name: "signature by another key", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.files[update.SignatureName] = sign(t, otherPriv, r.files[update.SumsName])
			r.setAsset(update.SignatureName, func(a *update.Asset) { a.Size = int64(len(r.files[update.SignatureName])) })
		}, want: string(update.OtherKey)},
		{name: "missing signature", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.dropAsset(update.SignatureName)
		}, want: string(update.NoSignature)},
		{name: "empty signature", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.files[update.SignatureName] = nil
			r.setAsset(update.SignatureName, func(a *update.Asset) { a.Size = 0 })
		}, want: string(update.NoSignature)},
		{name: "file not in SHA256SUMS", current: "1.2.3", file: MSIName(testVersion, "arm64"), prepare: func(r *release, u *Updater) {
			r.files[MSIName(testVersion, "arm64")] = []byte("unlisted")
			r.assets = append(r.assets, update.Asset{Name: MSIName(testVersion, "arm64"), URL: r.srv.URL + "/download/" + MSIName(testVersion, "arm64")})
		}, want: string(update.NotListed)},
		{name: "the signed SHA256SUMS of an older release", current: "1.2.3", prepare: func(r *release, u *Updater) {
			// The feed says 1.3.0; the files are 1.2.5's, rightly signed.
			old := map[string][]byte{MSIName("1.2.5", "amd64"): []byte("old")}
			var b bytes.Buffer
			s := sha256.Sum256(old[MSIName("1.2.5", "amd64")])
			fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(s[:]), MSIName("1.2.5", "amd64"))
			r.files[update.SumsName] = b.Bytes()
			r.files[update.SignatureName] = sign(t, priv, b.Bytes())
			r.files[msiFile] = old[MSIName("1.2.5", "amd64")]
			for i := range r.assets {
				r.assets[i].Size = 0
			}
		}, want: string(update.NotListed)},
		{name: "truncated download", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.handlers[msiFile] = func(w http.ResponseWriter, req *http.Request) {
				w.Header().Set("Content-Length", strconv.Itoa(len(r.files[msiFile])))
				w.Write(r.files[msiFile][:len(r.files[msiFile])/2])
			}
		}, want: string(Truncated)},
		{name: "truncated download, no length announced", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.handlers[msiFile] = func(w http.ResponseWriter, req *http.Request) {
				w.Write(r.files[msiFile][:len(r.files[msiFile])/2])
			}
		}, want: string(Truncated)},
		{name: "oversized download", current: "1.2.3", prepare: func(r *release, u *Updater) {
			u.MaxSize = 100 << 10
		}, want: string(TooLarge)},
		{name: "oversized download, the feed understating it", current: "1.2.3", prepare: func(r *release, u *Updater) {
			u.MaxSize = 100 << 10
			r.setAsset(msiFile, func(a *update.Asset) { a.Size = 0 })
		}, want: string(TooLarge)},
		{name: "longer than the feed says", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.setAsset(msiFile, func(a *update.Asset) { a.Size -= 10 })
		}, want: string(TooLarge)},
		{name: "endless SHA256SUMS", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.setAsset(update.SumsName, func(a *update.Asset) { a.Size = 0 })
			r.handlers[update.SumsName] = func(w http.ResponseWriter, req *http.Request) {
				for i := 0; i < 100; i++ {
					if _, err := w.Write(bytes.Repeat([]byte("0"), 4096)); err != nil {
						return
					}
				}
			}
		}, want: string(TooLarge)},
		{name: "downgrade", current: "1.4.0", want: string(NotNewer)},
		{name: "the same version", current: "v1.3.0", want: string(NotNewer)},
		{name: "development build", current: "dev", want: string(DevBuild)},
		{name: "a file of another version", current: "1.2.3", file: MSIName("1.2.9", "amd64"), want: string(NoAsset)},
		{name: "redirect to http", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.handlers[msiFile] = func(w http.ResponseWriter, req *http.Request) {
				http.Redirect(w, req, "http://otptray-test.invalid/"+msiFile, http.StatusFound)
			}
		}, want: string(Insecure)},
		{name: "redirect of the signature to http", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.handlers[update.SignatureName] = func(w http.ResponseWriter, req *http.Request) {
				http.Redirect(w, req, "http://otptray-test.invalid/x", http.StatusFound)
			}
		}, want: string(Insecure)},
		{name: "an http download address", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.setAsset(msiFile, func(a *update.Asset) { a.URL = "http://otptray-test.invalid/" + msiFile })
		}, want: string(Insecure)},
		{name: "not found", current: "1.2.3", prepare: func(r *release, u *Updater) {
			r.handlers[msiFile] = http.NotFound
		}, want: string(Status)},
		{name: "the installer fails", current: "1.2.3", prepare: func(r *release, u *Updater) {
			u.Installer.(*fakeInstaller).err = errors.New("msiexec exited with status 1603")
		}, want: "msiexec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRelease(t, priv)
			fake := &fakeInstaller{}
			temp := t.TempDir()
			u := &Updater{
				Verifier:  &update.Verifier{Keys: []minisign.PublicKey{pub}},
				Installer: fake,
				Client:    r.srv.Client(),
				TempDir:   temp,
			}
			if tt.prepare != nil {
				tt.prepare(r, u)
			}
			file := tt.file
			if file == "" {
				file = msiFile
			}
			err := u.Install(context.Background(), tt.current, r.result(), file)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Install = %v", err)
				}
				if len(fake.calls) != 1 || filepath.Base(fake.calls[0]) != file || !bytes.Equal(fake.data, r.files[file]) {
					t.Fatalf("the installer got %q, %d bytes; want %s as released", fake.calls, len(fake.data), file)
				}
				if dir := filepath.Dir(filepath.Dir(fake.calls[0])); dir != temp {
					t.Errorf("downloaded into %s, want a folder in %s", fake.calls[0], temp)
				}
				return
			}
			if err == nil {
				t.Fatal("Install = nil, want an error")
			}
			if !hasFailure(err, tt.want) {
				t.Fatalf("Install = %v, want %s", err, tt.want)
			}
			var m *msg.Error
			if !errors.As(err, &m) || m.ID != "update.install" {
				t.Errorf("Install = %v, want update.install outermost", err)
			}
			if tt.want != "msiexec" && len(fake.calls) != 0 {
				t.Errorf("the installer ran on %q", fake.calls)
			}
			entries, _ := os.ReadDir(temp)
			if len(entries) != 0 {
				t.Errorf("left in the temporary folder: %v", entries)
			}
			for _, lang := range []string{"en", "ja"} {
				text := i18n.New(lang).Err(err)
				if strings.Contains(text, "update.") {
					t.Errorf("%s: shown as %q", lang, text)
				}
			}
		})
	}
}

func hasFailure(err error, want string) bool {
	if update.IsFailure(err, update.Failure(want)) || IsFailure(err, Failure(want)) {
		return true
	}
	return !strings.HasPrefix(want, "update.") && strings.Contains(err.Error(), want)
}

// The feed as update.Check reads it leads to the install: asset names and
// addresses come from assets[].browser_download_url.
func TestInstallFromFeed(t *testing.T) {
	pub, priv := newKey(t)
	r := newRelease(t, priv)
	r.handlers["feed"] = func(w http.ResponseWriter, req *http.Request) {
		var assets []string
		for _, a := range r.assets {
			assets = append(assets, fmt.Sprintf(`{"name":%q,"browser_download_url":%q,"size":%d}`, a.Name, a.URL, a.Size))
		}
		fmt.Fprintf(w, `{"tag_name":"v1.3.0","html_url":"https://github.com/otptray/otptray/releases/tag/v1.3.0","assets":[%s]}`, strings.Join(assets, ","))
	}
	res, err := update.Checker{Client: r.srv.Client()}.Check(context.Background(), r.srv.URL+"/download/feed", "1.2.3")
	if err != nil || !res.Newer {
		t.Fatalf("Check = %+v, %v", res, err)
	}
	fake := &fakeInstaller{}
	var progress []int64
	u := &Updater{
		Verifier:  &update.Verifier{Keys: []minisign.PublicKey{pub}},
		Installer: fake,
		Client:    r.srv.Client(),
		TempDir:   t.TempDir(),
		Progress:  func(done, total int64) { progress = append(progress, done, total) },
	}
	if err := u.Install(context.Background(), "1.2.3", res, MSIName(res.Latest, "amd64")); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fake.data, r.files[msiFile]) {
		t.Fatal("the installer got other bytes than released")
	}
	n := len(progress)
	if n == 0 || progress[n-2] != int64(len(r.files[msiFile])) || progress[n-1] != int64(len(r.files[msiFile])) {
		t.Errorf("progress ends at %v, want the whole file", progress[max(0, n-2):])
	}
}

func TestMSICommand(t *testing.T) {
	name, args := MSI{SystemRoot: `C:\Windows\`}.Command(`C:\Users\ann\AppData\Local\Temp\otptray-update-1\otptray-1.3.0-windows-amd64.msi`)
	if name != `C:\Windows\System32\msiexec.exe` {
		t.Errorf("program %q", name)
	}
	want := []string{"/i", `C:\Users\ann\AppData\Local\Temp\otptray-update-1\otptray-1.3.0-windows-amd64.msi`, "/passive"}
	if strings.Join(args, "|") != strings.Join(want, "|") {
		t.Errorf("args %q, want %q", args, want)
	}
	t.Setenv("SystemRoot", `D:\WINNT`)
	if name, _ := (MSI{}).Command("x.msi"); name != `D:\WINNT\System32\msiexec.exe` {
		t.Errorf("from %%SystemRoot%%: %q", name)
	}
	t.Setenv("SystemRoot", "")
	if name, _ := (MSI{}).Command("x.msi"); name != `C:\Windows\System32\msiexec.exe` {
		t.Errorf("without %%SystemRoot%%: %q", name)
	}
}

// A download's folder stays for the installer that runs from it; the next
// update deletes those older than a day, and nothing else.
func TestInstallRemovesStaleDownloads(t *testing.T) {
	pub, priv := newKey(t)
	r := newRelease(t, priv)
	temp := t.TempDir()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	mk := func(name string, age time.Duration) {
		p := filepath.Join(temp, name)
		os.MkdirAll(p, 0o700)
		os.WriteFile(filepath.Join(p, "x.msi"), []byte("x"), 0o600)
		os.Chtimes(p, now.Add(-age), now.Add(-age))
	}
	mk("otptray-update-old", 25*time.Hour)
	mk("otptray-update-recent", time.Hour)
	mk("someone-else", 100*time.Hour)
	fake := &fakeInstaller{}
	u := &Updater{
		Verifier:  &update.Verifier{Keys: []minisign.PublicKey{pub}},
		Installer: fake,
		Client:    r.srv.Client(),
		TempDir:   temp,
		Now:       func() time.Time { return now },
	}
	if err := u.Install(context.Background(), "1.2.3", r.result(), msiFile); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(temp)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	this := filepath.Base(filepath.Dir(fake.calls[0]))
	want := []string{this, "otptray-update-recent", "someone-else"}
	sort.Strings(want)
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("left %q, want %q", names, want)
	}
}

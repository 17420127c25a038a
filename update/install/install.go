// Package install installs a newer otptray release: it downloads the
// release's file for this copy of otptray, checks it against the release's
// signed SHA256SUMS (package update), and only then hands it to an
// Installer, the seam that runs it: MSI (msiexec), Portable (the exe swap
// of a portable copy, with Commit and Rollback), or a test's fake.
//
// What is checked, in order, before any file is given to the Installer:
// the running program is a release (never a development build), the
// release is newer (never a downgrade), every download is https (http
// only to this computer, for tests) also after redirects, SHA256SUMS is
// signed by a release key compiled into the program, the file is listed
// in it, no download is larger than its bound or than the feed says, and
// the file's SHA-256 is the listed one. On any failure the downloaded
// files are deleted.
package install

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/internal/netfail"
	"github.com/otptray/otptray/update"
)

// Bounds of what is downloaded. The MSI and the portable zips are a few
// tens of megabytes.
const (
	DefaultMaxSize = 256 << 20
	maxSumsSize    = 64 << 10
	maxSigSize     = 4 << 10
)

// DefaultTimeout bounds a whole download.
const DefaultTimeout = 15 * time.Minute

// Installer runs a verified release file: the one step that changes the
// installed program. The file lies in a folder of its own that the
// Installer may remove once done with it.
type Installer interface {
	Install(ctx context.Context, file string) error
}

// Updater downloads, verifies and installs releases; Verifier and
// Installer are required.
type Updater struct {
	Verifier  *update.Verifier
	Installer Installer
	Client    *http.Client  // nil: http.DefaultClient
	Timeout   time.Duration // a whole download; 0: DefaultTimeout
	MaxSize   int64         // the most of the release file downloaded; 0: DefaultMaxSize
	// TempDir is where the folder of the download is made; "": the user's
	// temporary folder (os.TempDir: %TEMP% on Windows).
	TempDir   string
	UserAgent string // "": "otptray/<current version>"
	// Progress, when set, is told the bytes of the release file downloaded
	// so far and its size (0 when the feed does not say).
	Progress func(done, total int64)
	// Now is the clock that tells the folders of old downloads, which are
	// deleted; nil: time.Now.
	Now func() time.Time
}

// Install installs file, the name of one of release's assets (see
// MSIName, PortableName), over current, the running version. The error
// is an *msg.Error "could not install the update" with the reason as its
// cause: an *Error, an *update.VerifyError or a network failure.
func (u *Updater) Install(ctx context.Context, current string, release update.Result, file string) error {
	if err := u.install(ctx, current, release, file); err != nil {
		return msg.New("update.install", err, "Version", release.Latest)
	}
	return nil
}

func (u *Updater) install(ctx context.Context, current string, release update.Result, file string) error {
	if u.Verifier == nil || u.Installer == nil {
		return errors.New("install: an Updater needs a Verifier and an Installer")
	}
	newer, ok := update.Upgrade(release.Latest, current)
	if !ok {
		return newError(DevBuild, "", "Version", release.Latest)
	}
	if !newer {
		return newError(NotNewer, "", "Version", release.Latest, "Current", current)
	}
	// The file's name carries the version: it must be the release's, so
	// that SHA256SUMS of an older release, signed as it is, cannot pass.
	if !strings.Contains(file, "-"+release.Latest+"-") {
		return newError(NoAsset, file)
	}
	if u.UserAgent == "" {
		d := *u
		d.UserAgent = "otptray/" + strings.TrimPrefix(current, "v")
		u = &d
	}

	timeout := u.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	sums, err := u.signedSums(ctx, release)
	if err != nil {
		return explain(err)
	}
	// Listed first, so that nothing large is downloaded in vain.
	if _, err := sums.Want(file); err != nil {
		return err
	}
	asset, ok := release.Asset(file)
	if !ok {
		return newError(NoAsset, file)
	}

	now := time.Now
	if u.Now != nil {
		now = u.Now
	}
	removeStale(u.TempDir, now())
	dir, err := os.MkdirTemp(u.TempDir, downloadPrefix)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, file)
	max := u.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	got, err := u.getFile(ctx, asset, path, max)
	if err == nil {
		err = sums.CheckSum(file, got)
	}
	if err == nil {
		err = u.Installer.Install(ctx, path)
	}
	if err != nil {
		removeDownload(dir)
		return explain(err)
	}
	return nil
}

// signedSums downloads SHA256SUMS and its signature and verifies them.
func (u *Updater) signedSums(ctx context.Context, release update.Result) (update.Sums, error) {
	sigAsset, ok := release.Asset(update.SignatureName)
	if !ok {
		return nil, &update.VerifyError{Failure: update.NoSignature, File: update.SumsName}
	}
	sumsAsset, ok := release.Asset(update.SumsName)
	if !ok {
		return nil, newError(NoAsset, update.SumsName)
	}
	sums, err := u.getSmall(ctx, sumsAsset, maxSumsSize)
	if err != nil {
		return nil, err
	}
	sig, err := u.getSmall(ctx, sigAsset, maxSigSize)
	if err != nil {
		return nil, err
	}
	return u.Verifier.VerifySums(sums, sig)
}

// netMessages say that the update could not be downloaded for a reason of
// the network.
var netMessages = netfail.IDs{
	Offline: "update.install.net.offline",
	Refused: "update.install.net.refused",
	Timeout: "update.install.net.timeout",
	TLS:     "update.install.net.tls",
}

// explain turns a network failure into its plain message; other errors
// pass as they are.
func explain(err error) error {
	var e *Error
	var v *update.VerifyError
	if errors.As(err, &e) || errors.As(err, &v) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return netfail.ExplainAs(netMessages, netfail.Timeout, err)
	}
	if plain := netfail.Explain(netMessages, err); plain != nil {
		return plain
	}
	return err
}

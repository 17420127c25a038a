package tray

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/transfer"
)

// qrLifetime is how long a shown QR image stays on disk: long enough to
// scan it with a phone, short enough that the secret it holds does not
// linger. The image viewer keeps showing it after the file is gone.
const qrLifetime = 2 * time.Minute

// qrPixels is the size the QR image is drawn at: big enough for a phone's
// camera at arm's length on any screen.
const qrPixels = 400

// qrFile is a QR image on disk and when it goes.
type qrFile struct {
	path     string
	deleteAt time.Time
}

// showQR writes the token's otpauth:// URI as a QR image to a private
// temporary file, opens it in the image viewer, and deletes it after
// qrLifetime (and when the program ends).
func (a *app) showQR(id string, now time.Time) {
	title := a.loc.T("traytransfer.qr.title")
	stored, ok := a.keys.data.ByID(id)
	if !ok {
		return
	}
	secret, ok := a.keys.secrets[id]
	if !ok {
		err := a.keys.secretErr[id]
		if err == nil {
			err = msg.New("traytransfer.qr.no_secret", nil, "Name", stored.Name)
		}
		a.notify(title, a.loc.Err(err))
		return
	}
	if !a.canTransfer() {
		return
	}
	t := *stored
	t.Secret = secret
	png, err := transfer.QRPNG(t, qrPixels)
	if err != nil {
		a.notify(title, a.loc.Err(msg.New("traytransfer.qr.failed", err, "Name", t.Name)))
		return
	}
	path, err := a.writeQR(t.Name, png)
	clear(png)
	if err != nil {
		a.notify(title, a.loc.Err(msg.New("traytransfer.qr.failed", err, "Name", t.Name)))
		return
	}
	// Deleted in time even if the viewer never answers: the file counts
	// as shown from now.
	a.xfer.qrFiles = append(a.xfer.qrFiles, qrFile{path: path, deleteAt: now.Add(qrLifetime)})
	sys, name := a.Sys, t.Name
	a.effect(a.loop.other, func() func(time.Time) {
		err := sys.OpenFile(path)
		if err != nil {
			os.Remove(path)
		}
		return func(time.Time) {
			if err != nil {
				a.notify(title, a.loc.Err(msg.New("traytransfer.qr.open", err, "Name", name)))
				return
			}
			a.notify(title, a.loc.T("traytransfer.qr.shown", "Name", name, "Minutes", int(qrLifetime/time.Minute)))
		}
	})
}

// writeQR creates a new file readable by the owner only, in a folder only
// the owner can enter, named after the token (the viewer shows the name).
func (a *app) writeQR(name string, png []byte) (string, error) {
	if a.xfer.qrDir != "" {
		if fi, err := os.Lstat(a.xfer.qrDir); err != nil || !fi.IsDir() {
			// Removed behind our back (a temp cleaner): make a new one.
			a.xfer.qrDir = ""
		}
	}
	if a.xfer.qrDir == "" {
		dir, err := os.MkdirTemp(a.xfer.tempBase, "otptray-qr-") // mode 0700
		if err != nil {
			return "", err
		}
		a.xfer.qrDir = dir
	}
	stem := transfer.FileName(name)
	for i := 1; ; i++ {
		file := stem + ".png"
		if i > 1 {
			file = stem + "-" + strconv.Itoa(i) + ".png"
		}
		path := filepath.Join(a.xfer.qrDir, file)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(png)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
}

// cleanStaleQR removes the QR folders that earlier runs left behind when
// they ended without their clean-up (a crash, a power cut): folders in base
// whose files are all older than qrLifetime at wallNow (file times are wall
// clock times). The folder of another otptray running now (on another data
// folder) holds younger files and is left alone; other users' folders
// cannot be read and are left alone too.
func cleanStaleQR(base string, wallNow time.Time) {
	if base == "" {
		base = os.TempDir()
	}
	dirs, _ := filepath.Glob(filepath.Join(base, "otptray-qr-*"))
	for _, dir := range dirs {
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		stale := wallNow.Sub(fi.ModTime()) >= qrLifetime
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || wallNow.Sub(info.ModTime()) < qrLifetime {
				stale = false
				break
			}
		}
		if stale {
			os.RemoveAll(dir)
		}
	}
}

// expireQR deletes the QR images whose time is up, or all of them with
// all (and then their folder). A file that cannot be deleted yet (Windows:
// a viewer holds it open) is tried again at the next refresh.
func (a *app) expireQR(now time.Time, all bool) {
	keep := a.xfer.qrFiles[:0]
	for _, f := range a.xfer.qrFiles {
		if !all && now.Before(f.deleteAt) {
			keep = append(keep, f)
			continue
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			keep = append(keep, f)
		}
	}
	a.xfer.qrFiles = keep
	if all && a.xfer.qrDir != "" {
		if os.RemoveAll(a.xfer.qrDir) == nil {
			a.xfer.qrFiles, a.xfer.qrDir = nil, ""
		}
	}
}

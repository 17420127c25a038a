package install

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The programs of a portable copy, in its zip's folder "otptray/"
// (packaging/windows/zip.sh). Only these are taken from a new zip: the
// README and the marker stay as the user has them, and the data folder is
// never touched.
var portablePrograms = []string{"otptray.exe", "otptray-cli.exe"}

// maxProgramSize bounds an unpacked program: the budget of the release
// programs is 12 MiB (README, Benchmarks).
const maxProgramSize = 64 << 20

// Portable updates a portable copy in place: the new programs are unpacked
// beside the old ones, then each old one is renamed to NAME.old.exe and the
// new one takes its name. Windows lets a running program be renamed, not
// replaced, so this works while the copy runs. The old programs are kept
// until the new tray has started once (Commit); if it does not, Rollback
// puts them back.
type Portable struct {
	Dir string // the folder of the copy: otptray.exe, the marker, data/
}

// oldName is where name is kept during an update: otptray.old.exe.
func oldName(name string) string {
	return strings.TrimSuffix(name, ".exe") + ".old.exe"
}

// newName is where the new program is unpacked: otptray.new.exe.
func newName(name string) string {
	return strings.TrimSuffix(name, ".exe") + ".new.exe"
}

// Install swaps in the programs of the verified zip file.
func (p Portable) Install(ctx context.Context, file string) error {
	if err := p.unpack(file); err != nil {
		p.removeNew()
		return err
	}
	if err := p.swap(); err != nil {
		p.removeNew()
		return err
	}
	return nil
}

// unpack writes each program of the zip to its new name in Dir.
func (p Portable) unpack(file string) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return fmt.Errorf("open %s: %w", filepath.Base(file), err)
	}
	defer zr.Close()
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = f
	}
	for _, name := range portablePrograms {
		f, ok := entries["otptray/"+name]
		if !ok {
			return newError(NoAsset, name)
		}
		if err := unpackOne(f, filepath.Join(p.Dir, newName(name))); err != nil {
			return err
		}
	}
	return nil
}

func unpackOne(f *zip.File, path string) error {
	if f.UncompressedSize64 > maxProgramSize {
		return newError(TooLarge, filepath.Base(f.Name), "Max", maxProgramSize)
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	// The zip's own size is only a claim: the copy is bounded too.
	n, err := io.Copy(out, io.LimitReader(r, maxProgramSize+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > maxProgramSize {
		err = newError(TooLarge, filepath.Base(f.Name), "Max", maxProgramSize)
	}
	return err
}

// swap renames each program to its old name and the new one to its name,
// all or none: a failure part way puts back what was moved.
func (p Portable) swap() error {
	for _, name := range portablePrograms {
		os.Remove(filepath.Join(p.Dir, oldName(name))) // an earlier update's, now proven
	}
	var done []string
	for _, name := range portablePrograms {
		cur, old, next := filepath.Join(p.Dir, name), filepath.Join(p.Dir, oldName(name)), filepath.Join(p.Dir, newName(name))
		err := os.Rename(cur, old)
		if err == nil {
			if err = os.Rename(next, cur); err != nil {
				os.Rename(old, cur)
			}
		}
		if err != nil {
			for _, n := range done {
				os.Rename(filepath.Join(p.Dir, oldName(n)), filepath.Join(p.Dir, n))
			}
			return err
		}
		done = append(done, name)
	}
	return nil
}

func (p Portable) removeNew() {
	for _, name := range portablePrograms {
		os.Remove(filepath.Join(p.Dir, newName(name)))
	}
}

// Pending reports whether an update was swapped in and not yet committed
// or rolled back: the old programs are still there.
func (p Portable) Pending() bool {
	_, err := os.Stat(filepath.Join(p.Dir, oldName(portablePrograms[0])))
	return err == nil
}

// Commit deletes the old programs, once the new tray has started and is
// healthy. On Windows a program that still runs cannot be deleted: the
// error says so, and the next update removes it.
func (p Portable) Commit() error {
	var errs []error
	for _, name := range portablePrograms {
		if err := os.Remove(filepath.Join(p.Dir, oldName(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Rollback puts the old programs back, when the new tray did not start.
// The new ones are renamed out of the way first (a running program can be
// renamed), then removed if they can be.
func (p Portable) Rollback() error {
	var errs []error
	for _, name := range portablePrograms {
		cur, old, failed := filepath.Join(p.Dir, name), filepath.Join(p.Dir, oldName(name)), filepath.Join(p.Dir, newName(name))
		if _, err := os.Stat(old); err != nil {
			continue
		}
		if err := os.Rename(cur, failed); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		if err := os.Rename(old, cur); err != nil {
			errs = append(errs, err)
			continue
		}
		os.Remove(failed)
	}
	return errors.Join(errs...)
}

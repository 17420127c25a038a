// Package crash keeps a report of the tray program's crashes: the Go
// runtime writes a fatal panic's traceback (from any goroutine, ours or a
// library's) to a file in the data folder as well as to stderr, which on
// Windows nobody sees; the next start turns that raw output into a report
// without secrets or codes, keeps the last few, and lets the program say
// where it is.
package crash

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// Kept is how many reports are kept; older ones are removed.
const Kept = 5

const (
	// pendingPrefix names the file the runtime writes to while the program
	// runs. It is dot-prefixed: it is no report yet, and normally removed
	// empty at exit.
	pendingPrefix = ".crash-pending-"
	reportPrefix  = "crash-"
	reportSuffix  = ".txt"
	// stampLayout is the time in a report's name, UTC, which sorts as
	// text.
	stampLayout = "20060102T150405Z"
)

// Watch makes the runtime write the traceback of a fatal error to a file
// in dir until stop is called, which removes the file (no crash happened).
// version is written at the top of a report.
func Watch(dir, version string) (stop func(), err error) {
	f, err := os.CreateTemp(dir, pendingPrefix+"*")
	if err != nil {
		return nil, err
	}
	// The header is the one line written before any crash: a crash
	// appends the runtime's output after it.
	if _, err := fmt.Fprintf(f, "otptray %s\n", version); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	// SetCrashOutput holds its own duplicate of the descriptor.
	f.Close()
	name := f.Name()
	return func() {
		debug.SetCrashOutput(nil, debug.CrashOptions{})
		os.Remove(name)
	}, nil
}

// Collect turns what earlier runs left in dir into reports: a pending file
// that holds more than its header becomes crash-<time>.txt, scrubbed of
// anything that could be a secret or a code; one with the header alone (a
// run that was killed, or lost power) is removed. Of the reports, the Kept
// newest stay. It returns the paths of the reports it made, newest last.
// Only the one running instance calls it: another's pending file is in use.
func Collect(dir string) (made []string, err error) {
	pending, err := filepath.Glob(filepath.Join(dir, pendingPrefix+"*"))
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range pending {
		report, err := collectOne(dir, p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if report != "" {
			made = append(made, report)
		}
	}
	if err := prune(dir); err != nil {
		errs = append(errs, err)
	}
	slices.Sort(made)
	made = slices.DeleteFunc(made, func(p string) bool {
		_, err := os.Stat(p)
		return err != nil // pruned at once: older than the Kept kept
	})
	if len(errs) > 0 {
		return made, errs[0]
	}
	return made, nil
}

// collectOne makes the report of the pending file p, or removes p if it
// holds no crash, and returns the report's path or "".
func collectOne(dir, p string) (string, error) {
	raw, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	header, body, _ := strings.Cut(string(raw), "\n")
	if strings.TrimSpace(body) == "" {
		return "", os.Remove(p)
	}
	info, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	// The file was last written when the runtime wrote the crash.
	stamp := info.ModTime().UTC().Format(stampLayout)
	report := ""
	for n := 1; ; n++ {
		name := reportPrefix + stamp
		if n > 1 {
			name += fmt.Sprintf("-%d", n)
		}
		report = filepath.Join(dir, name+reportSuffix)
		if _, err := os.Lstat(report); os.IsNotExist(err) {
			break
		}
	}
	text := header + "\ncrashed at " + info.ModTime().UTC().Format(time.RFC3339) + "\n\n" + Scrub(body)
	if err := os.WriteFile(report, []byte(text), 0o600); err != nil {
		return "", err
	}
	return report, os.Remove(p)
}

// prune removes all but the Kept newest reports in dir.
func prune(dir string) error {
	reports, err := filepath.Glob(filepath.Join(dir, reportPrefix+"*"+reportSuffix))
	if err != nil {
		return err
	}
	slices.Sort(reports) // by time: the names start with it
	var first error
	for len(reports) > Kept {
		if err := os.Remove(reports[0]); err != nil && first == nil {
			first = err
		}
		reports = reports[1:]
	}
	return first
}

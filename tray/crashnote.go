package tray

import (
	"github.com/otptray/otptray/tray/crash"
)

// watchCrashes collects the reports of crashes of earlier runs in dir and
// makes a crash of this run leave one. A failure costs only the reports: the
// program runs on.
func watchCrashes(dir, version string) (reports []string, stop func()) {
	reports, err := crash.Collect(dir)
	if err != nil {
		logf("crash reports of earlier runs: %v", err)
	}
	stop, err = crash.Watch(dir, version)
	if err != nil {
		logf("a crash would leave no report: %v", err)
		return reports, func() {}
	}
	return reports, stop
}

// noteCrash says, once at start, that the last run crashed and where its
// report is (the newest, if several runs crashed since).
func (a *app) noteCrash(reports []string) {
	if len(reports) == 0 {
		return
	}
	a.notify(a.loc.T("crash13.title"), a.loc.T("crash13.body", "Path", reports[len(reports)-1]))
}

package tray

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/token/vip"
	"github.com/otptray/otptray/update"
)

// Features are the parts of the App beside the codes themselves: creating a
// VIP credential and registering it (vip.go), the update check and the
// clock's automatic re-check (updates.go). App embeds it.
type Features struct {
	// ProvisionVIP asks the VIP service for a new credential of the
	// default model; nil leaves "New VIP credential…" out of the menu.
	ProvisionVIP func(ctx context.Context) (token.Token, vip.Info, error)
	// CheckUpdate asks the release feed at feedURL whether a newer otptray
	// exists; nil leaves "Check for updates" out of the menu.
	CheckUpdate func(ctx context.Context, feedURL string) (update.Result, error)
	// UpdateFeed is the feed's address from the environment; "" means the
	// update_feed setting, else update.DefaultFeedURL.
	UpdateFeed string

	ext featureState
}

// featureState is what the features remember between ticks. Like the rest
// of the App it is only touched on the loop's goroutine.
type featureState struct {
	vipRunning bool
	vipErr     error     // why the last credential was not created
	vipErrAt   time.Time // when; the line goes after vipErrShown
	helper     *Helper
	announced  bool              // the helper's OTP2 was toasted
	expiryDay  map[string]string // token ID -> the day its expiry was last toasted

	updateRunning bool
	updateManual  bool           // the running check was asked for
	newer         *update.Result // a newer release, once known
	toldVersion   string         // the newer version an automatic check toasted
	updateRetry   time.Time      // after a failed automatic check

	lastTick   time.Time // the previous refresh, with its monotonic reading
	clockAuto  bool      // the running clock check is an automatic one
	clockDue   time.Time // a re-check is wanted from then (after a resume)
	clockRetry time.Time // after a failed automatic re-check
}

// FeatureStatus is what the features add to the menu's input.
type FeatureStatus struct {
	NewVIP        bool    // "New VIP credential…" is offered
	VIPRunning    bool    // a credential is being created
	VIPErr        error   // why the last attempt failed, for a while
	Helper        *Helper // the registration helper, nil when idle
	UpdateCheck   bool    // "Check for updates" is offered
	UpdateRunning bool    // a check is under way
	Newer         *update.Result
}

// finish wraps fn in a Finished event: work done beside the loop
// (provisioning, an update check, an automatic clock check) hands its
// result back to the loop's goroutine this way.
func (a *App) finish(fn func(now time.Time)) Event {
	return Event{Kind: Finished, Finish: fn}
}

func (a *App) featureStatus() FeatureStatus {
	return FeatureStatus{
		NewVIP:        a.ProvisionVIP != nil,
		VIPRunning:    a.ext.vipRunning,
		VIPErr:        a.ext.vipErr,
		Helper:        a.ext.helper,
		UpdateCheck:   a.CheckUpdate != nil,
		UpdateRunning: a.ext.updateRunning,
		Newer:         a.ext.newer,
	}
}

// featureClick handles the clicks on the features' entries; false if key is
// none of theirs.
func (a *App) featureClick(key string, now time.Time) bool {
	switch {
	case key == KeySyncClock && a.ext.clockAuto:
		// An automatic check is under way: its result is told in full.
		a.ext.clockAuto = false
	case key == KeyNewVIP:
		a.provisionVIP()
	case strings.HasPrefix(key, KeyRegister):
		a.startHelper(strings.TrimPrefix(key, KeyRegister), now)
	case key == KeyHelperDone:
		a.ext.helper = nil
	case key == KeyUpdateCheck:
		a.checkUpdate(true)
	case key == KeyUpdateOpen:
		if a.ext.newer != nil {
			a.problem(ProblemOpen, a.Sys.OpenURL(a.ext.newer.URL))
		}
	case key == KeyUpdateAuto:
		a.saveSettings(now, func(s *token.Settings) { s.UpdateCheckOff = !s.UpdateCheckOff })
	default:
		return false
	}
	return true
}

// featureTick runs on every refresh, before the menu is built: the
// registration helper's boundary, expiry warnings, and the daily checks.
// The first refresh is left alone: it runs while the tray waits to show
// its menu, and writing the file or sending toasts can wait a second.
func (a *App) featureTick(now time.Time) {
	if !a.built {
		return
	}
	a.helperTick(now)
	if a.ext.vipErr != nil && (now.Sub(a.ext.vipErrAt) >= vipErrShown || now.Before(a.ext.vipErrAt)) {
		a.ext.vipErr = nil
	}
	a.expiryTick(now)
	a.updateTick(now)
	a.clockTick(now)
}

// logf reports what has no other place to go: a failed automatic check is
// not worth a notification.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "otptray: "+format+"\n", args...)
}

// clockLine says how far the clock is off, for Settings.
func (b *builder) clockLine(s token.Settings) string {
	off := token.OffsetFromSeconds(s.ClockOffset)
	switch {
	case off < 0:
		return b.T("trayvip.clock.fast", "Offset", b.duration(-off))
	case off > 0:
		return b.T("trayvip.clock.slow", "Offset", b.duration(off))
	case !s.ClockChecked.IsZero():
		return b.T("trayvip.clock.right", "Date", s.ClockChecked.In(b.in.Now.Location()).Format("2006-01-02"))
	}
	return b.T("trayvip.clock.unchecked")
}

// duration writes an offset in the user's language: "37 s", "2 min 5 s".
func (b *builder) duration(d time.Duration) string { return clocksync.Text(b.T, d) }

// setupFeatures wires the features to the real services: the VIP service
// (OTPTRAY_VIP_URL and OTPTRAY_VIP_TIMEOUT as otptray-cli reads them) and
// the release feed (OTPTRAY_UPDATE_FEED, else the update_feed setting).
func (a *App) setupFeatures(version string, getenv func(string) string) {
	cfg, cfgErr := VIPConfig(version, getenv)
	a.ProvisionVIP = func(ctx context.Context) (token.Token, vip.Info, error) {
		if cfgErr != nil {
			return token.Token{}, vip.Info{}, cfgErr
		}
		return vip.Provision(ctx, cfg, vip.DefaultModel)
	}
	a.UpdateFeed = getenv("OTPTRAY_UPDATE_FEED")
	checker := update.Checker{}
	a.CheckUpdate = func(ctx context.Context, feedURL string) (update.Result, error) {
		return checker.Check(ctx, feedURL, version)
	}
}

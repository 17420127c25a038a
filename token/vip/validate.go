package vip

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Outcome is what the validation service said about a credential.
type Outcome int

const (
	// Unknown: the answer was none of the known ones (see Result.Answer).
	Unknown Outcome = iota
	// Working: the code was accepted (check), or the credential is in step
	// again (sync).
	Working
	// NeedsSync: the service knows the credential but its codes are out of
	// step; run a sync.
	NeedsSync
)

func (o Outcome) String() string {
	switch o {
	case Working:
		return "working"
	case NeedsSync:
		return "needs sync"
	}
	return "unknown"
}

// Phrases of the validation service's answers (python-vipaccess,
// vipaccess/provision.py). The page says more around them; only these
// decide.
const (
	phraseWorking   = "Your VIP Credential is working correctly"
	phraseSynced    = "Your VIP Credential is successfully synced"
	phraseNeedsSync = "Your VIP credential needs to be sync"
)

// Result is the answer of Check or Sync.
type Result struct {
	Outcome Outcome
	// Answer is the service's page as plain text, shortened; shown when the
	// outcome is Unknown.
	Answer string
}

// MinSyncGap is how many periods must pass after a check or sync before
// the next sync: the service judges a sync by two codes it has not seen.
const MinSyncGap = 2

// SyncAllowedAt is the earliest time a sync may follow a check or sync at
// last, for a token of period seconds (30 if 0).
func SyncAllowedAt(last time.Time, period int) time.Time {
	if last.IsZero() {
		return time.Time{}
	}
	if period <= 0 {
		period = 30
	}
	return last.Add(time.Duration(MinSyncGap*period) * time.Second)
}

// checkCredential normalises a credential ID (spaces and dashes dropped).
func checkCredential(id string) (string, error) {
	c := token.CompactCredentialID(id)
	if !credIDRE.MatchString(c) {
		return "", msg.New("vip.cred_id", nil, "ID", token.Shorten(id, 24))
	}
	return c, nil
}

func checkCode(code string) error {
	if len(code) != 6 {
		return msg.New("vip.code", nil)
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return msg.New("vip.code", nil)
		}
	}
	return nil
}

func codeFields(v url.Values, prefix, code string) {
	for i, r := range code {
		v.Set(prefix+strconv.Itoa(i+1), string(r))
	}
}

// Check asks the validation service whether code is right for the
// credential now. The service remembers the code: a check counts as contact
// for the sync gap.
func Check(ctx context.Context, cfg Config, credentialID, code string) (Result, error) {
	id, err := checkCredential(credentialID)
	if err != nil {
		return Result{}, err
	}
	if err := checkCode(code); err != nil {
		return Result{}, err
	}
	form := url.Values{}
	codeFields(form, "cr", code)
	form.Set("cred", id)
	form.Set("continue", "otp_check")
	return cfg.validate(ctx, orDefault(cfg.CheckURL, DefaultCheckURL), form, phraseWorking)
}

// Codes returns the codes to send for a credential at the local instant now
// with the clock offset applied: for a time-based token the previous
// period's code and the current one (Check sends current, Sync both); for a
// counter-based token the codes of its counter and the next (Check sends
// the first; both are used up by a Sync).
func Codes(t token.Token, now time.Time, offset time.Duration) (previous, current string, err error) {
	w, err := t.WindowAt(now, offset)
	if err != nil {
		return "", "", err
	}
	if t.Kind == token.HOTP {
		return w.Code, w.Next, nil
	}
	p, err := t.WindowAt(w.From.Add(-time.Second), offset)
	if err != nil {
		return "", "", err
	}
	return p.Code, w.Code, nil
}

// SyncRequest holds what a sync sends: two consecutive codes (TOTP: the
// previous period's and the current one's; HOTP: counters c and c+1).
type SyncRequest struct {
	CredentialID string
	Previous     string
	Current      string
	// LastContact is the time of the last check or sync of this credential
	// (zero if none); Period its period in seconds (0 means 30). Sync
	// refuses to run within MinSyncGap periods of it.
	LastContact time.Time
	Period      int
}

// Sync brings the service's idea of the credential's clock or counter in
// step with two consecutive codes.
func Sync(ctx context.Context, cfg Config, req SyncRequest) (Result, error) {
	id, err := checkCredential(req.CredentialID)
	if err != nil {
		return Result{}, err
	}
	if err := checkCode(req.Previous); err != nil {
		return Result{}, err
	}
	if err := checkCode(req.Current); err != nil {
		return Result{}, err
	}
	now := cfg.now()
	if at := SyncAllowedAt(req.LastContact, req.Period); now.Before(at) {
		return Result{}, msg.New("vip.sync_too_soon", nil, "Seconds", token.CeilSeconds(at.Sub(now)))
	}
	form := url.Values{}
	codeFields(form, "cr", req.Previous)
	codeFields(form, "ncr", req.Current)
	form.Set("cred", id)
	form.Set("continue", "otp_sync")
	return cfg.validate(ctx, orDefault(cfg.SyncURL, DefaultSyncURL), form, phraseSynced)
}

func (c Config) validate(ctx context.Context, endpoint string, form url.Values, good string) (Result, error) {
	body, err := c.post(ctx, endpoint, "application/x-www-form-urlencoded", []byte(form.Encode()))
	if err != nil {
		return Result{}, err
	}
	return answerOf(body, good), nil
}

// maxAnswer is how many characters of an unknown answer are kept.
const maxAnswer = 200

// answerOf reads the validation service's page: good is the phrase that
// means Working (phraseWorking for a check, phraseSynced for a sync).
func answerOf(body []byte, good string) Result {
	text := string(body)
	switch {
	case strings.Contains(text, good):
		return Result{Outcome: Working}
	case strings.Contains(text, phraseNeedsSync):
		return Result{Outcome: NeedsSync}
	}
	return Result{Outcome: Unknown, Answer: Sanitize(body, maxAnswer)}
}

package tray

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/desktop"
)

// System is what the program needs from the operating system; Run wires it
// to package desktop, tests to fakes.
type System interface {
	Copy(text string, clearAfter time.Duration) error // clearAfter 0: never clear
	Notify(title, body string) error
	OpenURL(url string) error
	Autostart() bool
	SetAutostart(on bool) error
	// RegisterHotkey makes combo ("Win+Alt+O") call fn; fn may run on any
	// goroutine.
	RegisterHotkey(combo string, fn func()) (unregister func(), err error)
}

// UI shows the menu; the systray binding implements it. Every call comes
// from the App's goroutine.
type UI interface {
	Rebuild(m Menu)         // replace the whole menu
	Update(changed []Flat)  // change these entries in place
	SetTooltip(text string) // the icon's tooltip
	Quit()
}

// Event is something the App reacts to besides time passing.
type Event struct {
	Kind  EventKind
	Key   string       // the entry clicked, for Click
	Clock *ClockResult // for ClockMeasured
	// Finish, for Finished, runs on the loop's goroutine (features.go).
	Finish func(now time.Time)
}

// ClockResult is the outcome of a clock check.
type ClockResult struct {
	Result clocksync.Result
	Err    error
}

// EventKind says what happened.
type EventKind int

const (
	Click         EventKind = iota // a menu entry, Key says which
	Tapped                         // a left click on the icon
	Hotkey                         // the global hotkey
	Reopened                       // someone started the program again
	ClockMeasured                  // a clock check finished
	Finished                       // work beside the loop finished; Event.Finish takes its result
)

// clockTimeout bounds a whole clock check (each server has its own
// shorter timeout).
const clockTimeout = 30 * time.Second

// HotkeyChoices are the combinations Settings offers, the default first. All
// use the Windows (Super, Command) key, which types no character on any
// keyboard layout (see desktop.DefaultHotkey).
var HotkeyChoices = []string{desktop.DefaultHotkey, "Win+Alt+Y", "Win+Shift+Alt+O"}

// App is the running program's state. All its methods run on one goroutine
// (Loop's), so it needs no locks.
type App struct {
	Store   *token.Store
	Sys     System
	UI      UI
	Version string
	// Events receives clicks, taps, hotkey presses; Loop ends when it closes.
	Events chan Event
	// KeepAutostartOff stops the first run from turning start at login on: a
	// portable copy, or an installed one whose installer already asked.
	KeepAutostartOff bool
	// MeasureClock asks time servers how far the clock is off; nil leaves
	// "Sync clock" out of the menu.
	MeasureClock func(ctx context.Context) (clocksync.Result, error)

	data      *token.Data
	stamp     token.Stamp
	loadErr   error
	secrets   map[string][]byte // by token ID
	secretErr map[string]error
	lastTry   time.Time // of reading the secrets that failed
	cache     map[string]token.Window
	loc       *i18n.Localizer
	problems  map[string]error
	autostart bool
	leftClick string // the mode in effect since start

	hotkeyActive string // the combination registered, "" none
	unregister   func()

	quitting     bool
	clockRunning bool
	memo         Memo
	built        bool
	menu         Menu
	views        []TokenView
	lastFrom     map[string]time.Time // window start of each token's code last shown
	announce     map[string]time.Time // token ID -> announce new codes starting up to then

	Features // VIP credentials, registration helper, update check, clock re-check

	xfer transferState // Add token, Show QR code, backup reminder (transfer.go)
}

// retrySecrets is how often secrets that could not be read are tried again
// (the keyring may get unlocked).
const retrySecrets = 10 * time.Second

// Start loads the tokens and their secrets and registers the hotkey. It runs
// before the tray shows: reading the keyring can take a while.
func (a *App) Start(now time.Time) {
	if a.Events == nil {
		a.Events = make(chan Event, 16)
	}
	a.secrets = map[string][]byte{}
	a.secretErr = map[string]error{}
	a.problems = map[string]error{}
	a.lastFrom = map[string]time.Time{}
	a.announce = map[string]time.Time{}
	a.reload(now)
	a.leftClick = a.settings().LeftClick
	a.autostart = a.Sys.Autostart()
	a.applyHotkey()
}

// LeftClickCopies says whether a click on the icon copies the code (else it
// opens the menu); it is fixed at start.
func (a *App) LeftClickCopies() bool { return leftMode(a.leftClick) == "copy" }

// FirstRun turns start at login on for a new user (unless they turned it
// off before) and remembers that it did.
func (a *App) FirstRun(now time.Time) {
	s := a.settings()
	if s.FirstRunDone {
		return
	}
	if !s.AutostartOff && !a.KeepAutostartOff {
		a.problem(ProblemAutostart, wrap("tray.err.autostart", a.Sys.SetAutostart(true)))
		a.autostart = a.Sys.Autostart()
	}
	a.saveSettings(now, func(s *token.Settings) { s.FirstRunDone = true })
}

func wrap(id string, err error, kv ...any) error {
	if err == nil {
		return nil
	}
	return msg.New(id, err, kv...)
}

func (a *App) settings() token.Settings {
	if a.data == nil {
		return token.Settings{}
	}
	return a.data.Settings
}

// reload reads the tokens file if it changed, and the secrets of new tokens.
func (a *App) reload(now time.Time) {
	stamp := a.Store.Stamp()
	if a.data != nil && stamp == a.stamp {
		a.retrySecrets(now)
		return
	}
	d, err := a.Store.Load()
	a.stamp = stamp
	if err != nil {
		a.problem(ProblemLoad, wrap("tray.err.load", err))
		if a.data == nil {
			a.data = &token.Data{Tokens: []token.Token{}}
			a.loc = i18n.New("")
		}
		return
	}
	a.problem(ProblemLoad, nil)
	a.data = d
	a.loc = i18n.New(d.Settings.Language)
	a.cache = map[string]token.Window{}
	ids := map[string]bool{}
	var missing []token.Token
	for _, t := range d.Tokens {
		ids[t.ID] = true
		if _, ok := a.secrets[t.ID]; !ok {
			missing = append(missing, t)
		}
	}
	a.readSecrets(missing)
	for id := range a.secrets {
		if !ids[id] {
			clear(a.secrets[id])
			delete(a.secrets, id)
		}
	}
	for id := range a.secretErr {
		if !ids[id] {
			delete(a.secretErr, id)
		}
	}
	a.lastTry = now
	a.keyringProblem()
}

// secretReaders is how many keyring reads run at once: each is a round
// trip to the keyring service (a few ms with gnome-keyring), and at start
// the tray waits for them all.
const secretReaders = 8

// readSecrets reads the secrets of toks from the keyring, several at a time.
func (a *App) readSecrets(toks []token.Token) {
	type result struct {
		secret []byte
		err    error
	}
	results := make([]result, len(toks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(secretReaders, len(toks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i].secret, results[i].err = a.Store.Secret(toks[i])
			}
		}()
	}
	for i := range toks {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, t := range toks {
		if err := results[i].err; err != nil {
			a.secretErr[t.ID] = wrap("tray.err.secret", err, "Name", t.Name)
			continue
		}
		delete(a.secretErr, t.ID)
		a.secrets[t.ID] = results[i].secret
	}
}

func (a *App) retrySecrets(now time.Time) {
	if len(a.secretErr) == 0 || now.Sub(a.lastTry) < retrySecrets && now.After(a.lastTry) {
		return
	}
	a.lastTry = now
	var failed []token.Token
	for _, t := range a.data.Tokens {
		if a.secretErr[t.ID] != nil {
			failed = append(failed, t)
		}
	}
	a.readSecrets(failed)
	a.keyringProblem()
}

// keyringProblem shows the first token whose secret cannot be read.
func (a *App) keyringProblem() {
	var err error
	for _, t := range a.data.Tokens {
		if e := a.secretErr[t.ID]; e != nil {
			err = e
			break
		}
	}
	a.problem(ProblemKeyring, err)
}

// problem sets or clears a problem; a new one is also announced, since a
// menu line alone is easy to miss.
func (a *App) problem(kind string, err error) {
	old := a.problems[kind]
	if err == nil {
		delete(a.problems, kind)
		return
	}
	a.problems[kind] = err
	if old == nil || old.Error() != err.Error() {
		loc := a.loc
		if loc == nil {
			loc = i18n.New("")
		}
		a.notify(loc.T("tray.toast.problem_title"), loc.Err(err))
	}
}

func (a *App) notify(title, body string) {
	if err := a.Sys.Notify(title, body); err != nil {
		// Nowhere else to tell the user: the notification was the message.
		fmt.Fprintf(os.Stderr, "otptray: notification %q not shown: %v\n", title, err)
	}
}

// viewsAt computes every token's window at now, reusing a window while now
// is inside it.
func (a *App) viewsAt(now time.Time) []TokenView {
	offset := a.data.Offset()
	out := make([]TokenView, 0, len(a.data.Tokens))
	for _, t := range a.data.Tokens {
		tv := TokenView{Token: t}
		if err := a.secretErr[t.ID]; err != nil {
			tv.Err = err
			out = append(out, tv)
			continue
		}
		w, ok := a.cache[t.ID]
		if t.Kind == token.HOTP {
			ok = ok && w.Counter == t.Counter
		} else {
			ok = ok && !now.Before(w.From) && now.Before(w.Until)
		}
		if !ok {
			t.Secret = a.secrets[t.ID]
			var err error
			w, err = t.WindowAt(now, offset)
			if err != nil {
				tv.Err = err
				out = append(out, tv)
				continue
			}
			a.cache[t.ID] = w
		}
		w.SecondsLeft = secondsLeft(w.Until, now)
		tv.Window = w
		out = append(out, tv)
	}
	return out
}

func (a *App) status() Status {
	combo := a.wantedHotkey()
	choices := slices.Clone(HotkeyChoices)
	if combo != "" && !slices.Contains(choices, combo) {
		choices = append(choices, combo)
	}
	return Status{
		Problems:      a.problems,
		Hotkey:        combo,
		HotkeyChoices: choices,
		Autostart:     a.autostart,
		LeftClick:     a.leftClick,
		Version:       a.Version,
		DataDir:       a.Store.Dir,
		ClockSync:     a.MeasureClock != nil,
		ClockRunning:  a.clockRunning,
		Features:      a.featureStatus(),
		Transfer:      a.transferStatus(),
	}
}

// wantedHotkey is the combination the settings ask for, in canonical form,
// whether or not the hotkey is on; "" if the setting cannot be read.
func (a *App) wantedHotkey() string {
	s := a.settings().Hotkey
	if s == "" {
		return desktop.DefaultHotkey
	}
	h, err := desktop.ParseHotkey(s)
	if err != nil {
		return s
	}
	return h.String()
}

// Refresh recomputes the menu for now and shows what changed. It also
// reloads the tokens file when it changed.
func (a *App) Refresh(now time.Time) {
	a.reload(now)
	a.featureTick(now)
	a.transferTick(now)
	views := a.viewsAt(now)
	m := Build(Input{Now: now, Tokens: views, Default: a.data.Default, Settings: a.settings(), Status: a.status(), Loc: a.loc, Memo: &a.memo})
	if !a.built {
		a.UI.Rebuild(m)
		a.UI.SetTooltip(m.Tooltip)
		a.built = true
	} else {
		changed, rebuild := Diff(a.menu.Entries, m.Entries)
		switch {
		case rebuild:
			a.UI.Rebuild(m)
		case len(changed) > 0:
			a.UI.Update(changed)
		}
		if m.Tooltip != a.menu.Tooltip {
			a.UI.SetTooltip(m.Tooltip)
		}
	}
	a.menu = m
	a.views = views
	a.announceChanges(now)
}

// announceChanges sends the toasts for codes that changed since the last
// refresh, as Settings.Notify asks.
func (a *App) announceChanges(now time.Time) {
	mode := notifyMode(a.settings())
	var lines []string
	for _, tv := range a.views {
		if !hasCountdown(tv) {
			continue
		}
		id := tv.Token.ID
		from, seen := a.lastFrom[id]
		a.lastFrom[id] = tv.Window.From
		if !seen || from.Equal(tv.Window.From) {
			continue
		}
		switch mode {
		case NotifyChange:
		case NotifyAfterCopy:
			until, ok := a.announce[id]
			if !ok {
				continue
			}
			if tv.Window.From.After(until) {
				delete(a.announce, id)
				continue
			}
		default:
			continue
		}
		lines = append(lines, a.loc.T("tray.toast.new_code", "Name", tv.Token.Name, "Code", token.Group(tv.Window.Code)))
	}
	if len(lines) > 0 {
		a.notify(a.loc.T("tray.toast.new_code_title"), strings.Join(lines, "\n"))
	}
}

// Next is when the loop should refresh again.
func (a *App) Next(now time.Time) time.Time { return Wake(a.views, now) }

// wakeSlack is added to each wait so that the wall clock has surely passed
// the instant of the change when the loop looks.
const wakeSlack = time.Millisecond

// Loop refreshes the menu whenever something visible changes and handles
// events, until Events closes. The first refresh must have happened (in the
// tray's ready callback).
func (a *App) Loop() {
	timer := time.NewTimer(time.Until(a.Next(time.Now())) + wakeSlack)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
		case ev, ok := <-a.Events:
			if !ok {
				return
			}
			a.Handle(ev, time.Now())
			if a.quitting {
				a.Stop()
				return
			}
		}
		now := time.Now()
		a.Refresh(now)
		// Sleeping at most MaxSleep and reading the wall clock each time
		// is what puts the right code back after a suspend or a clock jump.
		timer.Reset(a.Next(now).Sub(time.Now()) + wakeSlack)
	}
}

// Send delivers an event without blocking the caller (a D-Bus or hotkey
// callback); if the queue is full the event is dropped, as a repeated click
// would be.
func (a *App) Send(ev Event) {
	select {
	case a.Events <- ev:
	default:
	}
}

// Handle reacts to one event at instant now.
func (a *App) Handle(ev Event, now time.Time) {
	switch ev.Kind {
	case Tapped:
		if a.LeftClickCopies() {
			a.copyDefault(now)
		}
		return
	case Hotkey:
		a.copyDefault(now)
		return
	case Reopened:
		a.notify(desktop.AppName, a.loc.T("tray.toast.running"))
		return
	case ClockMeasured:
		a.clockMeasured(ev.Clock, now)
		return
	case Finished:
		ev.Finish(now)
		return
	}
	key := ev.Key
	if a.featureClick(key, now) || a.transferClick(key, now) {
		return
	}
	switch {
	case strings.HasPrefix(key, KeyCode):
		a.copyToken(strings.TrimPrefix(key, KeyCode), now)
	case strings.HasPrefix(key, KeyCredentialID):
		if t, ok := a.data.ByID(strings.TrimPrefix(key, KeyCredentialID)); ok && t.VIP != nil {
			id := strings.ReplaceAll(GroupCredentialID(t.VIP.CredentialID), " ", "")
			a.problem(ProblemClipboard, wrap("tray.err.copy", a.Sys.Copy(id, 0)))
		}
	case key == KeyFirstRun:
		a.openPage(PageStart)
	case key == KeySyncClock:
		a.syncClock()
	case key == KeyShowCredID:
		a.saveSettings(now, func(s *token.Settings) { s.HideCredentialID = !s.HideCredentialID })
	case key == KeyAutostart:
		on := !a.Sys.Autostart()
		err := a.Sys.SetAutostart(on)
		a.problem(ProblemAutostart, wrap("tray.err.autostart", err))
		a.autostart = a.Sys.Autostart()
		if err == nil {
			a.saveSettings(now, func(s *token.Settings) { s.AutostartOff = !on })
		}
	case key == KeyHotkeyOn:
		a.saveSettings(now, func(s *token.Settings) { s.HotkeyOff = !s.HotkeyOff })
		a.applyHotkey()
	case strings.HasPrefix(key, KeyHotkeyCombo):
		combo := strings.TrimPrefix(key, KeyHotkeyCombo)
		if combo == desktop.DefaultHotkey {
			combo = ""
		}
		a.saveSettings(now, func(s *token.Settings) { s.Hotkey, s.HotkeyOff = combo, false })
		a.applyHotkey()
	case strings.HasPrefix(key, KeyNotifyMode):
		mode := map[string]string{"off": NotifyOff, "copy": NotifyAfterCopy, "change": NotifyChange}[strings.TrimPrefix(key, KeyNotifyMode)]
		a.saveSettings(now, func(s *token.Settings) { s.Notify = mode })
	case strings.HasPrefix(key, KeyClearAfter):
		v := strings.TrimPrefix(key, KeyClearAfter)
		n, err := strconv.Atoi(v)
		switch {
		case v == "never":
			n = -1
		case err != nil:
			return
		case n == int(DefaultClearAfter/time.Second):
			n = 0
		}
		a.saveSettings(now, func(s *token.Settings) { s.ClearAfter = n })
	case strings.HasPrefix(key, KeyLeftMode):
		mode := ""
		if strings.TrimPrefix(key, KeyLeftMode) == "menu" {
			mode = "menu"
		}
		a.saveSettings(now, func(s *token.Settings) { s.LeftClick = mode })
	case strings.HasPrefix(key, KeyLang):
		lang := strings.TrimPrefix(key, KeyLang)
		if lang == "system" {
			lang = ""
		}
		a.saveSettings(now, func(s *token.Settings) { s.Language = lang })
	case strings.HasPrefix(key, KeyHelpPage):
		a.openPage(strings.TrimPrefix(key, KeyHelpPage))
	case key == KeyLicense:
		a.openPage(PageLicense)
	case key == KeyDataDir:
		a.problem(ProblemOpen, a.Sys.OpenURL(FileURL(a.Store.Dir)))
	case key == KeyQuit:
		a.quitting = true
		a.UI.Quit()
	}
}

// saveSettings changes the settings in the tokens file and reads it back.
func (a *App) saveSettings(now time.Time, change func(*token.Settings)) {
	err := a.Store.Update(func(d *token.Data) error {
		change(&d.Settings)
		return nil
	})
	a.problem(ProblemSettings, wrap("tray.err.save", err))
	a.reload(now)
}

// copyDefault copies the default token's code (icon click, hotkey).
func (a *App) copyDefault(now time.Time) {
	if tv, ok := DefaultView(a.viewsAt(now), a.data.Default); ok {
		a.copyToken(tv.Token.ID, now)
	}
}

// copyToken puts the token's current code on the clipboard. A TOTP copy
// starts the "after a copy" notifications; an HOTP copy uses the code up,
// so the counter moves on.
func (a *App) copyToken(id string, now time.Time) {
	t, ok := a.data.ByID(id)
	if !ok {
		return
	}
	var tv TokenView
	for _, v := range a.viewsAt(now) {
		if v.Token.ID == id {
			tv = v
		}
	}
	if tv.Err != nil {
		a.problem(ProblemKeyring, tv.Err)
		return
	}
	if err := a.Sys.Copy(tv.Window.Code, ClearAfter(a.settings())); err != nil {
		a.problem(ProblemClipboard, wrap("tray.err.copy", err))
		return
	}
	a.problem(ProblemClipboard, nil)
	if t.Kind != token.HOTP {
		a.announce[id] = tv.Window.Until.Add(time.Duration(t.Period) * time.Second)
		return
	}
	used := tv.Window.Counter
	err := a.Store.Update(func(d *token.Data) error {
		if st, ok := d.ByID(id); ok && st.Counter == used {
			st.Counter = used + 1
		}
		return nil
	})
	a.problem(ProblemSettings, wrap("tray.err.counter", err, "Name", t.Name))
	a.reload(now)
}

// applyHotkey registers the combination the settings ask for, if it is not
// the one registered already.
func (a *App) applyHotkey() {
	want := ""
	if !a.settings().HotkeyOff {
		want = a.wantedHotkey()
	}
	if want == a.hotkeyActive {
		return
	}
	if a.unregister != nil {
		a.unregister()
		a.unregister = nil
	}
	a.hotkeyActive = ""
	if want == "" {
		a.problem(ProblemHotkey, nil)
		return
	}
	unregister, err := a.Sys.RegisterHotkey(want, func() { a.Send(Event{Kind: Hotkey}) })
	if err != nil {
		a.problem(ProblemHotkey, err)
		return
	}
	a.problem(ProblemHotkey, nil)
	a.unregister, a.hotkeyActive = unregister, want
}

// Stop releases the hotkey, forgets the secrets and deletes the QR images
// shown.
func (a *App) Stop() {
	if a.unregister != nil {
		a.unregister()
		a.unregister = nil
	}
	for id, s := range a.secrets {
		clear(s)
		delete(a.secrets, id)
	}
	a.stopTransfer()
}

func (a *App) openPage(page string) {
	loc := a.loc
	u, err := WriteHelpPage(page, loc.Lang(), PageInfo{Version: a.Version, DataDir: a.Store.Dir})
	if err != nil {
		a.problem(ProblemOpen, wrap("tray.err.open", err, "Target", loc.T("tray.help")))
		return
	}
	a.problem(ProblemOpen, a.Sys.OpenURL(u))
}

// syncClock starts a clock check beside the loop (it waits for the
// network); its result comes back as a ClockMeasured event.
func (a *App) syncClock() {
	if a.MeasureClock == nil || a.clockRunning {
		return
	}
	a.clockRunning = true
	measure, events := a.MeasureClock, a.Events
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), clockTimeout)
		defer cancel()
		r, err := measure(ctx)
		events <- Event{Kind: ClockMeasured, Clock: &ClockResult{r, err}}
	}()
}

// clockMeasured keeps the offset a clock check found and says what it found.
func (a *App) clockMeasured(c *ClockResult, now time.Time) {
	a.clockRunning = false
	if c.Err != nil {
		a.problem(ProblemClock, wrap("tray.err.clock", c.Err))
		return
	}
	a.problem(ProblemClock, nil)
	r := c.Result
	stored := r.Stored()
	a.saveSettings(now, func(s *token.Settings) {
		s.ClockOffset = stored.Seconds()
		s.ClockSource = r.Source
		s.ClockChecked = now.UTC().Truncate(time.Second)
	})
	var body string
	switch {
	case stored == 0:
		body = a.loc.T("tray.clock.right", "Offset", a.duration(r.Offset), "Source", r.Source)
	case stored < 0:
		body = a.loc.T("tray.clock.fast", "Offset", a.duration(-stored), "Source", r.Source)
	default:
		body = a.loc.T("tray.clock.slow", "Offset", a.duration(stored), "Source", r.Source)
	}
	a.notify(a.loc.T("tray.clock.title"), body)
}

// duration writes an offset in the user's language: "37 s", "2 min 5 s".
func (a *App) duration(d time.Duration) string { return clocksync.Text(a.loc.T, d) }

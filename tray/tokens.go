package tray

import (
	"sync"
	"time"

	"github.com/otptray/otptray/i18n"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// keyState is the tokens file as last read and the secrets of its tokens.
type keyState struct {
	data      *token.Data
	prefs     prefs.Prefs // the tray's own, from data's settings
	stamp     token.Stamp
	loading   bool              // a worker reads the file (and new secrets)
	retrying  bool              // a worker reads the secrets that failed
	secrets   map[string][]byte // by token ID
	secretErr map[string]error
	lastTry   time.Time // of reading the secrets that failed
	cache     map[string]token.Window
}

// retrySecrets is how often secrets that could not be read are tried again
// (the keyring may get unlocked).
const retrySecrets = 10 * time.Second

// loaded is what a worker read: the file and the secrets of its tokens
// that the app did not hold yet.
type loaded struct {
	stamp   token.Stamp
	data    *token.Data
	err     error
	secrets map[string][]byte
	errs    map[string]error
}

// load reads the tokens file and the secrets of its tokens not in have.
// It touches no app state, so it runs on a worker or, at start, inline.
func load(store *token.Store, have map[string]bool) loaded {
	l := loaded{stamp: store.Stamp()}
	l.data, l.err = store.Load()
	if l.err != nil {
		return l
	}
	var missing []token.Token
	for _, t := range l.data.Tokens {
		if !have[t.ID] {
			missing = append(missing, t)
		}
	}
	l.secrets, l.errs = readSecrets(store, missing)
	return l
}

func (a *app) haveSecrets() map[string]bool {
	have := map[string]bool{}
	for id := range a.keys.secrets {
		have[id] = true
	}
	return have
}

// loadNow reads the file and the secrets on the calling goroutine: at start,
// before the tray shows.
func (a *app) loadNow(now time.Time) {
	a.keys.secrets = map[string][]byte{}
	a.keys.secretErr = map[string]error{}
	a.install(load(a.Store, nil), now)
}

// reload starts reading the tokens file on a worker if it changed since it
// was last read, or retries the secrets that could not be read.
func (a *app) reload(now time.Time) {
	if a.keys.loading {
		return
	}
	if a.keys.data != nil && a.Store.Stamp() == a.keys.stamp {
		a.retrySecrets(now)
		return
	}
	a.keys.loading = true
	store, have := a.Store, a.haveSecrets()
	a.effect(a.loop.writer, func() func(time.Time) {
		l := load(store, have)
		return func(now time.Time) {
			a.keys.loading = false
			a.install(l, now)
		}
	})
}

// install makes what load read the app's tokens, settings and secrets.
func (a *app) install(l loaded, now time.Time) {
	a.keys.stamp = l.stamp
	if l.err != nil {
		for _, s := range l.secrets {
			clear(s)
		}
		a.problem(menu.ProblemLoad, wrap("tray.err.load", l.err))
		if a.keys.data == nil {
			a.keys.data = &token.Data{Tokens: []token.Token{}}
			a.loc = i18n.New(a.language(""))
		}
		return
	}
	p, err := prefs.Of(l.data.Settings)
	if err != nil {
		l.err = err
		a.install(l, now)
		return
	}
	a.problem(menu.ProblemLoad, nil)
	d := l.data
	a.keys.data, a.keys.prefs = d, p
	a.loc = i18n.New(a.language(d.Settings.Language))
	a.keys.cache = map[string]token.Window{}
	a.keepSecrets(l.secrets, l.errs)
	ids := map[string]bool{}
	for _, t := range d.Tokens {
		ids[t.ID] = true
	}
	for id := range a.keys.secrets {
		if !ids[id] {
			clear(a.keys.secrets[id])
			delete(a.keys.secrets, id)
		}
	}
	for id := range a.keys.secretErr {
		if !ids[id] {
			delete(a.keys.secretErr, id)
		}
	}
	a.keys.lastTry = now
	a.keyringProblem()
	if a.built {
		// A setting may have changed the combination.
		a.applyHotkey()
		a.applyHotkeys()
	}
}

func (a *app) keepSecrets(secrets map[string][]byte, errs map[string]error) {
	names := map[string]string{}
	for _, t := range a.keys.data.Tokens {
		names[t.ID] = t.Name
	}
	for id, err := range errs {
		a.keys.secretErr[id] = wrap("tray.err.secret", err, "Name", names[id])
	}
	for id, s := range secrets {
		delete(a.keys.secretErr, id)
		if old, ok := a.keys.secrets[id]; ok {
			clear(old)
		}
		a.keys.secrets[id] = s
	}
}

// secretReaders is how many keyring reads run at once: each is a round
// trip to the keyring service (a few ms with gnome-keyring), and at start
// the tray waits for them all.
const secretReaders = 8

// readSecrets reads the secrets of toks from the keyring, several at a time.
func readSecrets(store *token.Store, toks []token.Token) (map[string][]byte, map[string]error) {
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
				results[i].secret, results[i].err = store.Secret(toks[i])
			}
		}()
	}
	for i := range toks {
		next <- i
	}
	close(next)
	wg.Wait()
	secrets, errs := map[string][]byte{}, map[string]error{}
	for i, t := range toks {
		if err := results[i].err; err != nil {
			errs[t.ID] = err
			continue
		}
		secrets[t.ID] = results[i].secret
	}
	return secrets, errs
}

// retrySecrets reads again, on a worker, the secrets that failed, at most
// every retrySecrets.
func (a *app) retrySecrets(now time.Time) {
	if a.keys.retrying || len(a.keys.secretErr) == 0 || now.Sub(a.keys.lastTry) < retrySecrets && !now.Before(a.keys.lastTry) {
		return
	}
	a.keys.lastTry = now
	var failed []token.Token
	for _, t := range a.keys.data.Tokens {
		if a.keys.secretErr[t.ID] != nil {
			failed = append(failed, t)
		}
	}
	a.keys.retrying = true
	store := a.Store
	a.effect(a.loop.keyring, func() func(time.Time) {
		secrets, errs := readSecrets(store, failed)
		return func(time.Time) {
			a.keys.retrying = false
			for id := range secrets {
				if _, ok := a.keys.data.ByID(id); !ok {
					clear(secrets[id])
					delete(secrets, id)
				}
			}
			a.keepSecrets(secrets, errs)
			a.keys.cache = map[string]token.Window{}
			a.keyringProblem()
		}
	})
}

// keyringProblem shows the first token whose secret cannot be read.
func (a *app) keyringProblem() {
	var err error
	for _, t := range a.keys.data.Tokens {
		if e := a.keys.secretErr[t.ID]; e != nil {
			err = e
			break
		}
	}
	a.problem(menu.ProblemKeyring, err)
}

// forgetSecrets clears the secrets from memory (the program ends).
func (a *app) forgetSecrets() {
	for id, s := range a.keys.secrets {
		clear(s)
		delete(a.keys.secrets, id)
	}
}

// viewsAt computes every token's window at now, reusing a window while now
// is inside it.
func (a *app) viewsAt(now time.Time) []menu.TokenView {
	offset := a.keys.data.Offset()
	out := make([]menu.TokenView, 0, len(a.keys.data.Tokens))
	for _, t := range a.keys.data.Tokens {
		tv := menu.TokenView{Token: t}
		if err := a.keys.secretErr[t.ID]; err != nil {
			tv.Err = err
			out = append(out, tv)
			continue
		}
		w, ok := a.keys.cache[t.ID]
		if t.Kind == token.HOTP {
			ok = ok && w.Counter == t.Counter
		} else {
			ok = ok && !now.Before(w.From) && now.Before(w.Until)
		}
		if !ok {
			t.Secret = a.keys.secrets[t.ID]
			var err error
			w, err = t.WindowAt(now, offset)
			if err != nil {
				tv.Err = err
				out = append(out, tv)
				continue
			}
			a.keys.cache[t.ID] = w
		}
		w.SecondsLeft = menu.SecondsLeft(w.Until, now)
		tv.Window = w
		out = append(out, tv)
	}
	return out
}

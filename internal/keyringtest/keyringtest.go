// Package keyringtest is an in-memory keyring for tests of the packages that
// keep secrets through a token.Keyring.
package keyringtest

import "sync"

// MemKeyring is a token.Keyring in memory.
type MemKeyring struct {
	mu       sync.Mutex
	m        map[string][]byte
	notFound error
	// Fail, when set, is returned by every call: a keyring that is locked or absent.
	Fail error
	// setErr, once setsLeft calls of Set have succeeded, fails the others.
	setsLeft int
	setErr   error
}

// New returns an empty MemKeyring whose Get returns notFound for an ID
// without a secret (token.ErrNoSecret, which this package cannot import:
// token's own tests use it).
func New(notFound error) *MemKeyring {
	return &MemKeyring{m: map[string][]byte{}, notFound: notFound}
}

func (k *MemKeyring) Get(id string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.Fail != nil {
		return nil, k.Fail
	}
	b, ok := k.m[id]
	if !ok {
		return nil, k.notFound
	}
	return append([]byte(nil), b...), nil
}

func (k *MemKeyring) Set(id string, secret []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.Fail != nil {
		return k.Fail
	}
	if k.setErr != nil {
		if k.setsLeft == 0 {
			return k.setErr
		}
		k.setsLeft--
	}
	k.m[id] = append([]byte(nil), secret...)
	return nil
}

func (k *MemKeyring) Delete(id string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.Fail != nil {
		return k.Fail
	}
	delete(k.m, id)
	return nil
}

// Len is how many secrets k holds.
func (k *MemKeyring) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}

// FailSetAfter makes Set fail with err once n more calls have succeeded: a
// keyring that locks half-way through a batch.
func (k *MemKeyring) FailSetAfter(n int, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.setsLeft, k.setErr = n, err
}

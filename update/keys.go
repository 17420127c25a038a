package update

import (
	"strings"

	"aead.dev/minisign"
	"github.com/otptray/otptray/internal/msg"
)

// The minisign public keys (the base64 line of a minisign.pub, "RW...")
// whose signature on a release's SHA256SUMS lets the updater install it.
// Two slots, so the key can be rotated: a release signed with the current
// key that also trusts the next one lets the release after it be signed
// with the next key alone (README, "How releases are signed").
//
// Both are strings so that a build can set them with the linker:
//
//	go build -ldflags "-X github.com/otptray/otptray/update.releaseKey=RW..."
//
// which is how tests build a program that trusts a throwaway key. Empty:
// the build trusts no key and installs nothing.
var (
	releaseKey     = ""
	nextReleaseKey = ""
)

// MaxKeys is how many release keys a build trusts at most.
const MaxKeys = 2

// TrustedKeys are the release keys compiled into this build. An error is
// update.verify.no_key when there is none, update.verify.bad_key when a
// slot holds no valid key.
func TrustedKeys() ([]minisign.PublicKey, error) {
	return ParseKeys(releaseKey, nextReleaseKey)
}

// ParseKeys parses up to MaxKeys minisign public keys, each its base64
// line or a whole minisign.pub file; empty ones are skipped.
func ParseKeys(texts ...string) ([]minisign.PublicKey, error) {
	var keys []minisign.PublicKey
	for _, text := range texts {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		var k minisign.PublicKey
		if err := k.UnmarshalText([]byte(text)); err != nil {
			return nil, msg.New("update.verify.bad_key", nil)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, msg.New("update.verify.no_key", nil)
	}
	if len(keys) > MaxKeys {
		return nil, msg.New("update.verify.too_many_keys", nil, "Max", MaxKeys)
	}
	return keys, nil
}

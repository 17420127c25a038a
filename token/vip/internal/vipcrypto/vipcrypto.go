// Package vipcrypto holds what the VIP Access client (package vip) and the
// test server (package viptest) must compute alike: the two fixed keys of
// the provisioning protocol and the request's signature. The keys are fixed
// in the official clients and were published by python-vipaccess
// (github.com/dlenski/python-vipaccess, vipaccess/provision.py).
package vipcrypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// The signed request fields that never change.
const (
	ClientIDType = "BOARDID"
	DistChannel  = "Symantec"
)

// HMACKey signs the provisioning request; EncryptionKey (AES-128) wraps the
// secret in the answer.
var (
	HMACKey       = mustHex("dd0ba692c38aa3a993a3aa26968cd9c2aa2aa2cb23b7c2d2aaaf8f8fc9a0a9a1")
	EncryptionKey = mustHex("01ad9bc682a3aa93a9a3239a86d6ccd9")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// RequestMAC is the signature of a request made at the Unix time ts by
// clientID: HMAC-SHA256(HMACKey, ts+ts+ClientIDType+clientID+DistChannel).
func RequestMAC(ts int64, clientID string) []byte {
	t := strconv.FormatInt(ts, 10)
	m := hmac.New(sha256.New, HMACKey)
	m.Write([]byte(t + t + ClientIDType + clientID + DistChannel))
	return m.Sum(nil)
}

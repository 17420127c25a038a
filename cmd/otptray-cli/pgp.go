package main

import (
	"github.com/otptray/otptray/token/transfer"
	"github.com/otptray/otptray/token/transfer/pgp"
)

// otptray-cli reads the PGP-encrypted Proton Pass exports; the tray leaves
// the OpenPGP library out (token/transfer/pgp says why).
func init() { transfer.DecryptPGP = pgp.Decrypt }

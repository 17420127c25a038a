// Package token is otptray's domain: tokens, their codes and time windows,
// the clock offset, otpauth URIs, and the Store that keeps them. It knows no
// UI and no desktop, so the tray and the CLI share it and its tests run
// anywhere.
//
// Time: code making never reads the clock on its own. Token.WindowAt takes the
// local instant and the offset to true time, and gives the code, when it
// became valid and when it ends in local time, and the next code; a caller
// sleeps until Window.Until instead of ticking, and recomputes from the wall
// clock after a sleep or a clock jump.
//
// Secrets: a Token read from the Store has no Secret. The bytes live only in
// a Keyring (the OS credential store, one entry per token ID); Store.WithSecret
// fetches one when a code is needed, so listing tokens never touches the
// keyring.
//
// The file: tokens.json in the data folder holds everything else. Every
// change goes through Store.Update, under a lock file shared by all otptray
// processes, written atomically, with the last BackupVersions versions kept
// beside it. A damaged or newer file is reported and never overwritten.
// Readers that live long (the tray) poll Store.Stamp and Load again when it
// changes.
//
// Errors the user may see are *msg.Error values with a message ID, so the
// catalogue can show them in the user's language.
package token

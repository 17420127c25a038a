package token

import "time"

// Origin says which followed backup file a token came from, so that the
// next read of that file can find it again (package token/follow).
type Origin struct {
	File string `json:"file"` // the backup file, an absolute path
	// Key is the entry's stable key in the file: "id:" and the entry's own
	// ID, or "name:" and its issuer and account; "" when neither tells the
	// entry apart, and then it is found by its secret.
	Key string `json:"key,omitempty"`
	// Name is the name the file last gave the token: a new one in the file
	// renames the token, a rename by the user is kept until then.
	Name string `json:"name,omitempty"`
	// Gone marks a token the file no longer has. It stays until the user
	// says to remove it.
	Gone bool `json:"gone,omitempty"`
}

// Follow is the setting "follow a backup file".
type Follow struct {
	File   string    `json:"file"`            // an absolute path
	Synced time.Time `json:"synced,omitzero"` // the last read that changed tokens, or the first
	// PasswordEntry names the keyring entry (in the store's keyring, beside
	// the token secrets) that keeps the password of an encrypted file; ""
	// for none. It is random, as token IDs are, so that two data folders
	// never share one.
	PasswordEntry string `json:"password_entry,omitempty"`
}

// FromFile says whether t came from the followed file path.
func (t Token) FromFile(path string) bool { return t.Origin != nil && t.Origin.File == path }

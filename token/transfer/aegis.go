package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/scrypt"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// Aegis vault (https://github.com/beemdevelopment/Aegis, docs/vault.md):
// {"version":1,"header":{"slots":[...],"params":{nonce,tag}},"db":...}. The
// db is a JSON object when plain, else base64 of the AES-256-GCM ciphertext
// (tag kept apart in params). Each password slot holds the master key,
// sealed with AES-256-GCM under scrypt(password, salt, n, r, p, 32).

// Scrypt parameters Aegis uses for a password slot.
const (
	aegisScryptN = 32768
	aegisScryptR = 8
	aegisScryptP = 1
)

type aegisFile struct {
	Version int             `json:"version"`
	Header  aegisHeader     `json:"header"`
	DB      json.RawMessage `json:"db"`
}

type aegisHeader struct {
	Slots  []aegisSlot  `json:"slots"`
	Params *aegisParams `json:"params"`
}

type aegisParams struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

type aegisSlot struct {
	Type      int          `json:"type"`
	UUID      string       `json:"uuid"`
	Key       string       `json:"key"`
	KeyParams *aegisParams `json:"key_params"`
	N         int          `json:"n,omitempty"`
	R         int          `json:"r,omitempty"`
	P         int          `json:"p,omitempty"`
	Salt      string       `json:"salt,omitempty"`
	Repaired  *bool        `json:"repaired,omitempty"`
	IsBackup  *bool        `json:"is_backup,omitempty"`
}

type aegisDB struct {
	Version int          `json:"version"`
	Entries []aegisEntry `json:"entries"`
	Groups  []aegisGroup `json:"groups,omitempty"`
}

type aegisGroup struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

type aegisEntry struct {
	Type     string    `json:"type"`
	UUID     string    `json:"uuid"`
	Name     string    `json:"name"`
	Issuer   string    `json:"issuer"`
	Note     string    `json:"note"`
	Favorite bool      `json:"favorite"`
	Icon     *string   `json:"icon"`
	Info     aegisInfo `json:"info"`
	Groups   []string  `json:"groups"`
	// Otptray keeps what Aegis has no field for (the name the user gave the
	// token, VIP credential details), so that a backup restores it. Aegis
	// ignores fields it does not know.
	Otptray *aegisExtra `json:"otptray,omitempty"`
}

type aegisInfo struct {
	Secret  string  `json:"secret"`
	Algo    string  `json:"algo"`
	Digits  int     `json:"digits"`
	Period  int     `json:"period,omitempty"`
	Counter *uint64 `json:"counter,omitempty"`
}

type aegisExtra struct {
	Name  string     `json:"name,omitempty"`
	VIP   *token.VIP `json:"vip,omitempty"`
	Added time.Time  `json:"added,omitzero"`
}

const (
	aegisSlotRaw      = 0
	aegisSlotPassword = 1
)

// aegisMaxDBVersion is the newest db version whose layout this reader knows.
const aegisMaxDBVersion = 3

func decodeAegis(data []byte, password func() ([]byte, error), w *work) (*Result, error) {
	var f aegisFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, msg.New("transfer.aegis.json", jsonDetail(data, err))
	}
	if f.Version != 1 {
		return nil, msg.New("transfer.aegis.version", nil, "Version", f.Version)
	}
	dbRaw := bytes.TrimSpace(f.DB)
	if len(dbRaw) == 0 || string(dbRaw) == "null" {
		return nil, msg.New("transfer.aegis.no_db", nil)
	}
	var plain []byte
	if dbRaw[0] == '"' {
		var err error
		if plain, err = aegisDecrypt(f, password, w); err != nil {
			return nil, err
		}
	} else {
		plain = dbRaw
	}
	var db aegisDB
	if err := json.Unmarshal(plain, &db); err != nil {
		return nil, msg.New("transfer.aegis.db", jsonDetail(plain, err))
	}
	if db.Version < 1 || db.Version > aegisMaxDBVersion {
		return nil, msg.New("transfer.aegis.db_version", nil, "Version", db.Version)
	}
	res := &Result{Format: FormatAegis}
	for _, e := range db.Entries {
		name := token.DefaultName(strings.TrimSpace(e.Issuer), strings.TrimSpace(e.Name))
		t := token.Token{Issuer: strings.TrimSpace(e.Issuer), Account: strings.TrimSpace(e.Name), SourceID: strings.TrimSpace(e.UUID)}
		i := e.Info
		if !res.params(&t, name, entryParams{Type: e.Type, Algorithm: i.Algo, Digits: i.Digits, Period: i.Period, Counter: i.Counter}) {
			continue
		}
		if x := e.Otptray; x != nil {
			t.Name = strings.TrimSpace(x.Name)
			t.VIP = x.VIP
			t.Added = x.Added
		}
		res.addWithSecret(t, name, i.Secret)
	}
	return res, nil
}

// unsupportedKind is the reason for skipping an entry of a type otptray
// cannot make codes for (motp, yandex...).
func unsupportedKind(kind string) error {
	return msg.New("transfer.unsupported_kind", nil, "Kind", strings.ToLower(kind))
}

// Sane bounds for scrypt parameters read from a file: Aegis writes
// 32768/8/1; the bounds keep a crafted file from asking for gigabytes.
const scryptMaxMem = 256 << 20

func aegisDecrypt(f aegisFile, password func() ([]byte, error), w *work) ([]byte, error) {
	var ct []byte
	var s string
	if err := json.Unmarshal(f.DB, &s); err != nil {
		return nil, msg.New("transfer.aegis.db", err)
	}
	ct, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, msg.New("transfer.aegis.db", nil)
	}
	if f.Header.Params == nil {
		return nil, msg.New("transfer.aegis.no_params", nil)
	}
	nonce, err1 := hex.DecodeString(f.Header.Params.Nonce)
	tag, err2 := hex.DecodeString(f.Header.Params.Tag)
	if err1 != nil || err2 != nil || len(nonce) != 12 || len(tag) != 16 {
		return nil, msg.New("transfer.aegis.no_params", nil)
	}
	var slots []aegisSlot
	for _, sl := range f.Header.Slots {
		if sl.Type == aegisSlotPassword {
			slots = append(slots, sl)
		}
	}
	if len(slots) == 0 {
		return nil, msg.New("transfer.aegis.no_password_slot", nil)
	}
	// Every slot may have to be tried: refuse before asking for the
	// password when they cost more than one import may spend.
	if err := w.checkSlots(len(slots)); err != nil {
		return nil, err
	}
	costs := make([]kdfCost, 0, len(slots))
	for _, sl := range slots {
		if err := aegisCheckScrypt(sl); err != nil {
			return nil, err
		}
		costs = append(costs, scryptCost(sl.N, sl.R, sl.P))
	}
	if err := w.check(costs...); err != nil {
		return nil, err
	}
	if password == nil {
		return nil, msg.New("transfer.need_password", nil)
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	for _, sl := range slots {
		master, err := aegisOpenSlot(sl, pw, w)
		if err != nil {
			var bad *msg.Error
			if errors.As(err, &bad) {
				return nil, err
			}
			continue // wrong password for this slot: try the next
		}
		plain, err := gcmOpen(master, nonce, append(ct, tag...))
		if err != nil {
			return nil, msg.New("transfer.aegis.db_auth", nil)
		}
		return plain, nil
	}
	return nil, msg.New("transfer.wrong_password", nil)
}

// aegisOpenSlot derives the slot key and opens the master key. A *msg.Error
// means the slot itself is malformed; another error, a wrong password.
func aegisOpenSlot(sl aegisSlot, pw []byte, w *work) ([]byte, error) {
	salt, err := hex.DecodeString(sl.Salt)
	if err != nil || len(salt) == 0 {
		return nil, msg.New("transfer.aegis.slot", nil)
	}
	key, err1 := hex.DecodeString(sl.Key)
	if sl.KeyParams == nil {
		return nil, msg.New("transfer.aegis.slot", nil)
	}
	nonce, err2 := hex.DecodeString(sl.KeyParams.Nonce)
	tag, err3 := hex.DecodeString(sl.KeyParams.Tag)
	if err1 != nil || err2 != nil || err3 != nil || len(key) != 32 || len(nonce) != 12 || len(tag) != 16 {
		return nil, msg.New("transfer.aegis.slot", nil)
	}
	if err := aegisCheckScrypt(sl); err != nil {
		return nil, err
	}
	n, r, p := sl.N, sl.R, sl.P
	kek, err := derive(w, scryptCost(n, r, p), func() ([]byte, error) { return scrypt.Key(pw, salt, n, r, p, 32) })
	var m *msg.Error
	if errors.As(err, &m) {
		return nil, err // over the budget, or cancelled
	}
	if err != nil {
		return nil, msg.New("transfer.aegis.scrypt", nil, "N", n, "R", r, "P", p)
	}
	return gcmOpen(kek, nonce, append(key, tag...))
}

// aegisCheckScrypt refuses scrypt parameters that are not scrypt's or
// that ask for more memory than scryptMaxMem.
func aegisCheckScrypt(sl aegisSlot) error {
	n, r, p := sl.N, sl.R, sl.P
	if n < 2 || n&(n-1) != 0 || r < 1 || p < 1 || r > 64 || p > 16 || 128*n*r > scryptMaxMem {
		return msg.New("transfer.aegis.scrypt", nil, "N", n, "R", r, "P", p)
	}
	return nil
}

func gcmOpen(key, nonce, sealed []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCMWithNonceSize(block, len(nonce))
	if err != nil {
		return nil, err
	}
	return g.Open(nil, nonce, sealed, nil)
}

func gcmSeal(key, nonce, plain []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // key is always 32 bytes here
	}
	g, err := cipher.NewGCMWithNonceSize(block, len(nonce))
	if err != nil {
		panic(err)
	}
	return g.Seal(nil, nonce, plain, nil)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return b
}

func uuid4() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// EncodeAegis writes tokens as an Aegis vault. With a password the vault is
// encrypted with one password slot (scrypt N=32768, r=8, p=1, as Aegis makes
// them), so Aegis on a phone opens it; with nil it is plain JSON.
func EncodeAegis(toks []token.Token, password []byte) ([]byte, error) {
	db := aegisDB{Version: 2, Entries: []aegisEntry{}}
	for _, t := range toks {
		e := aegisEntry{
			Type:   string(t.Kind),
			UUID:   uuid4(),
			Name:   t.Account,
			Issuer: t.Issuer,
			Info: aegisInfo{
				Secret: token.EncodeSecret(t.Secret),
				Algo:   string(t.Algorithm),
				Digits: t.Digits,
			},
			Groups:  []string{},
			Otptray: &aegisExtra{Name: t.Name, VIP: t.VIP, Added: t.Added},
		}
		if e.Name == "" && e.Issuer == "" {
			e.Name = t.Name
		}
		if t.Kind == token.HOTP {
			c := t.Counter
			e.Info.Counter = &c
		} else {
			e.Info.Period = t.Period
		}
		db.Entries = append(db.Entries, e)
	}
	plain, err := json.Marshal(db)
	if err != nil {
		return nil, err
	}
	f := aegisFile{Version: 1}
	if password == nil {
		f.DB = plain
		return marshalIndent(f)
	}
	master := randomBytes(32)
	salt := randomBytes(32)
	kek, err := scrypt.Key(password, salt, aegisScryptN, aegisScryptR, aegisScryptP, 32)
	if err != nil {
		return nil, err
	}
	slotNonce := randomBytes(12)
	sealedKey := gcmSeal(kek, slotNonce, master)
	f.Header.Slots = []aegisSlot{{
		Type:      aegisSlotPassword,
		UUID:      uuid4(),
		Key:       hex.EncodeToString(sealedKey[:32]),
		KeyParams: &aegisParams{Nonce: hex.EncodeToString(slotNonce), Tag: hex.EncodeToString(sealedKey[32:])},
		N:         aegisScryptN,
		R:         aegisScryptR,
		P:         aegisScryptP,
		Salt:      hex.EncodeToString(salt),
		Repaired:  ptr(true),
		IsBackup:  ptr(false),
	}}
	dbNonce := randomBytes(12)
	sealed := gcmSeal(master, dbNonce, plain)
	ct, tag := sealed[:len(sealed)-16], sealed[len(sealed)-16:]
	f.Header.Params = &aegisParams{Nonce: hex.EncodeToString(dbNonce), Tag: hex.EncodeToString(tag)}
	f.DB, _ = json.Marshal(base64.StdEncoding.EncodeToString(ct))
	return marshalIndent(f)
}

func ptr[T any](v T) *T { return &v }

func marshalIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

package transfer

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/scrypt"

	"github.com/otptray/otptray/token"
)

// TestRoundTrip: export → import gives the same tokens and the same codes
// at fixed instants, for every format.
func TestRoundTrip(t *testing.T) {
	ref := reference()
	for i := range ref {
		ref[i].Name = "custom name " + strconv.Itoa(i)
	}
	t.Run("uri", func(t *testing.T) {
		res, err := Decode(EncodeURIList(ref), Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, res.Tokens, ref)
	})
	t.Run("aegis", func(t *testing.T) {
		data, err := EncodeAegis(ref, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(data, Options{Password: func() ([]byte, error) { t.Error("asked a password for a plain vault"); return nil, nil }})
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, res.Tokens, ref)
		// The names the user gave come back too (a backup restores them).
		for i := range ref {
			if res.Tokens[i].Name != ref[i].Name {
				t.Errorf("name %q, want %q", res.Tokens[i].Name, ref[i].Name)
			}
		}
	})
	t.Run("google", func(t *testing.T) {
		// 23 tokens: three codes of 10, 10 and 3, plus the reference set's
		// tokens that cannot go this way.
		var many []token.Token
		for i := range 23 {
			many = append(many, token.Token{Issuer: "Issuer " + strconv.Itoa(i), Account: "user" + strconv.Itoa(i), Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30, Secret: []byte("secret number " + strconv.Itoa(i))})
		}
		many = append(many, ref...)
		uris, left := EncodeMigration(many)
		if len(uris) != 3 {
			t.Fatalf("%d codes, want 3", len(uris))
		}
		var leftNames []string
		for _, l := range left {
			leftNames = append(leftNames, l.Name+": "+inEnglish(l.Err))
		}
		wantLeft := []string{
			"custom name 1: Google Authenticator reads only SHA1 tokens reliably, not SHA256",
			"custom name 2: Google Authenticator reads only SHA1 tokens reliably, not SHA512",
			"custom name 4: Google Authenticator reads only SHA1 tokens reliably, not SHA256",
			"custom name 5: Google Authenticator reads only SHA1 tokens reliably, not SHA512",
			"custom name 6: Google Authenticator has no Steam tokens",
		}
		if !slices.Equal(leftNames, wantLeft) {
			t.Errorf("left out:\n got %q\nwant %q", leftNames, wantLeft)
		}
		var ids []int32
		for i, u := range uris {
			p, err := decodeMigrationURI(u)
			if err != nil {
				t.Fatal(err)
			}
			if p.Version != 1 || p.BatchSize != 3 || p.BatchIndex != int32(i) || len(p.Params) > MigrationBatchMax {
				t.Errorf("code %d: version %d size %d index %d, %d tokens", i, p.Version, p.BatchSize, p.BatchIndex, len(p.Params))
			}
			ids = append(ids, p.BatchID)
		}
		if ids[0] != ids[1] || ids[1] != ids[2] {
			t.Errorf("batch IDs differ: %v", ids)
		}
		res, err := Decode([]byte(strings.Join(uris, "\n")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Incomplete) != 0 {
			t.Errorf("incomplete: %v", res.Incomplete)
		}
		checkTokens(t, res.Tokens, append(many[:23:23], ref[0], ref[3]))
	})
	t.Run("qr", func(t *testing.T) {
		for _, tok := range ref {
			png, err := QRPNG(tok, 256)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(png, Options{})
			if err != nil {
				t.Fatalf("%s: %v", tok.Issuer, err)
			}
			checkTokens(t, res.Tokens, []token.Token{tok})
		}
	})
	t.Run("google-qr", func(t *testing.T) {
		uris, _ := EncodeMigration(ref)
		png, err := TextPNG(uris[0], 400)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Decode(png, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, res.Tokens, []token.Token{ref[0], ref[3]})
	})
	t.Run("terminal-qr", func(t *testing.T) {
		for _, invert := range []bool{false, true} {
			text, err := TerminalQR(ref[6].URI(), invert)
			if err != nil {
				t.Fatal(err)
			}
			res, err := DecodeQRImage(terminalImage(t, text, invert))
			if err != nil {
				t.Fatalf("invert %v: %v", invert, err)
			}
			checkTokens(t, res.Tokens, ref[6:])
		}
	})
}

// terminalImage paints half-block text back into pixels, 4 per module, as a
// phone camera sees it on a terminal: painted halves in the text colour
// (light, or dark when paintDark), unpainted ones in the background colour.
func terminalImage(t *testing.T, s string, paintDark bool) image.Image {
	t.Helper()
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	w := 0
	for _, l := range lines {
		w = max(w, len([]rune(l)))
	}
	const px = 4
	img := image.NewGray(image.Rect(0, 0, (w+8)*px, (2*len(lines)+8)*px))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	set := func(x, y int, dark bool) {
		if !dark {
			return
		}
		for dy := range px {
			for dx := range px {
				img.Pix[(4*px+y*px+dy)*img.Stride+4*px+x*px+dx] = 0
			}
		}
	}
	for row, l := range lines {
		for col, r := range []rune(l) {
			// A block character is light (the terminal's foreground) where
			// it is painted: "█" both halves, "▀" the top, "▄" the bottom.
			top, bottom := true, true
			switch r {
			case '█':
				top, bottom = false, false
			case '▀':
				top = false
			case '▄':
				bottom = false
			}
			set(col, 2*row, top != paintDark)
			set(col, 2*row+1, bottom != paintDark)
		}
	}
	return img
}

// TestAegisIndependentDecrypt opens our encrypted export with the published
// algorithm written out here (scrypt → AES-GCM for the slot → master key →
// AES-GCM for the db), not with the package's reader; then reads it back
// with the package's reader (the encrypted round trip). scrypt at Aegis's
// settings is slow under -race, so one export serves both.
func TestAegisIndependentDecrypt(t *testing.T) {
	t.Parallel()
	ref := reference()
	withVIP := slices.Clone(ref)
	withVIP[0].VIP = &token.VIP{CredentialID: "SYMC12345678"}
	data, err := EncodeAegis(withVIP, []byte("test"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(token.EncodeSecret(ref[0].Secret))) || bytes.Contains(data, []byte("SYMC")) {
		t.Fatal("the encrypted vault holds a secret in clear")
	}
	t.Run("round trip", func(t *testing.T) {
		asked := 0
		res, err := Decode(data, Options{Password: func() ([]byte, error) { asked++; return []byte("test"), nil }})
		if err != nil {
			t.Fatal(err)
		}
		if asked != 1 {
			t.Errorf("password asked %d times", asked)
		}
		checkTokens(t, res.Tokens, ref)
		if v := res.Tokens[0].VIP; v == nil || v.CredentialID != "SYMC12345678" {
			t.Errorf("VIP details lost: %+v", v)
		}
	})
	var vault struct {
		Version int `json:"version"`
		Header  struct {
			Slots []struct {
				Type      int    `json:"type"`
				UUID      string `json:"uuid"`
				Key       string `json:"key"`
				KeyParams struct {
					Nonce, Tag string
				} `json:"key_params"`
				N, R, P int
				Salt    string `json:"salt"`
			} `json:"slots"`
			Params struct{ Nonce, Tag string } `json:"params"`
		} `json:"header"`
		DB string `json:"db"`
	}
	if err := json.Unmarshal(data, &vault); err != nil {
		t.Fatal(err)
	}
	if vault.Version != 1 || len(vault.Header.Slots) != 1 {
		t.Fatalf("version %d, %d slots", vault.Version, len(vault.Header.Slots))
	}
	s := vault.Header.Slots[0]
	if s.Type != 1 || s.N != 32768 || s.R != 8 || s.P != 1 || len(s.UUID) != 36 {
		t.Fatalf("slot type %d n %d r %d p %d uuid %q: not what Aegis writes", s.Type, s.N, s.R, s.P, s.UUID)
	}
	unhex := func(h string, n int) []byte {
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != n {
			t.Fatalf("hex %q: %v (len %d, want %d)", h, err, len(b), n)
		}
		return b
	}
	kek, err := scrypt.Key([]byte("test"), unhex(s.Salt, 32), s.N, s.R, s.P, 32)
	if err != nil {
		t.Fatal(err)
	}
	master, err := testOpen(kek, unhex(s.KeyParams.Nonce, 12), append(unhex(s.Key, 32), unhex(s.KeyParams.Tag, 16)...))
	if err != nil {
		t.Fatalf("slot does not open with the password: %v", err)
	}
	ct, err := base64.StdEncoding.DecodeString(vault.DB)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := testOpen(master, unhex(vault.Header.Params.Nonce, 12), append(ct, unhex(vault.Header.Params.Tag, 16)...))
	if err != nil {
		t.Fatalf("db does not open with the master key: %v", err)
	}
	var db struct {
		Version int `json:"version"`
		Entries []struct {
			Type, UUID, Name, Issuer string
			Info                     struct {
				Secret, Algo string
				Digits       int
				Period       int
				Counter      *uint64
			}
		}
	}
	if err := json.Unmarshal(plain, &db); err != nil {
		t.Fatal(err)
	}
	if db.Version < 1 || db.Version > 3 || len(db.Entries) != len(ref) {
		t.Fatalf("db version %d, %d entries", db.Version, len(db.Entries))
	}
	for i, e := range db.Entries {
		w := ref[i]
		counterOK := (w.Kind == token.HOTP) == (e.Info.Counter != nil) && (e.Info.Counter == nil || *e.Info.Counter == w.Counter)
		if e.Type != string(w.Kind) || e.Name != w.Account || e.Issuer != w.Issuer || e.Info.Algo != string(w.Algorithm) ||
			e.Info.Digits != w.Digits || e.Info.Period != w.Period || !counterOK || e.Info.Secret != token.EncodeSecret(w.Secret) {
			t.Errorf("entry %d (%s) does not match the token", i, w.Issuer)
		}
	}
}

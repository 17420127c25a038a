package main

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

func init() {
	register(command{name: "export", summaryID: "cli.export.summary", usageID: "cli.export.usage", run: runExport})
}

// Export formats, as --format takes them.
const (
	exportURI            = "uri"
	exportAegis          = "aegis"
	exportAegisEncrypted = "aegis-encrypted"
	exportGoogle         = "google"
	exportQR             = "qr"
)

// qrSize is the side of exported QR images in pixels: comfortable for a
// phone to scan from a screen.
const qrSize = 512

func runExport(c *cli, args []string) error {
	fs := newFlagSet("export")
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	plain := fs.Bool("plain", false, "")
	pwStdin := fs.Bool("password-stdin", false, "")
	invert := fs.Bool("invert", false, "")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	f := strings.ToLower(strings.TrimSpace(*format))
	switch f {
	case "":
		return usage("export", "cli.export.no_format")
	case exportURI, exportAegis, exportAegisEncrypted, exportGoogle, exportQR:
	default:
		return usage("export", "cli.export.bad_format", "Format", *format)
	}
	switch {
	case f == exportAegis && !*plain:
		return usage("export", "cli.export.need_plain")
	case *plain && f != exportAegis:
		return usage("export", "cli.export.plain_aegis_only")
	case *pwStdin && f != exportAegisEncrypted:
		return usage("export", "cli.export.password_encrypted_only")
	case *invert && (*out != "" || (f != exportQR && f != exportGoogle)):
		return usage("export", "cli.export.invert_terminal_only")
	}
	toks, err := c.exportTokens(names)
	if err != nil {
		return err
	}
	// Said first, and whatever happens next: the output holds secrets.
	c.println(c.stderr, "cli.export.warning")

	switch f {
	case exportURI:
		return c.writeExport(*out, transfer.EncodeURIList(toks), len(toks))
	case exportAegis:
		c.println(c.stderr, "cli.export.plain_warning")
		data, err := transfer.EncodeAegis(toks, nil)
		if err != nil {
			return err
		}
		return c.writeExport(*out, data, len(toks))
	case exportAegisEncrypted:
		data, err := c.encryptedAegis(toks, *out, *pwStdin)
		if err != nil {
			return err
		}
		return c.writeExport(*out, data, len(toks))
	case exportGoogle:
		uris, left := transfer.EncodeMigration(toks)
		loc := c.l()
		for _, l := range left {
			c.println(c.stderr, "cli.export.google_left_out", "Entry", transfer.SkippedText(loc, l))
		}
		if len(uris) == 0 {
			return msg.New("cli.export.google_none", nil)
		}
		var labels []string
		for i := range uris {
			labels = append(labels, loc.T("cli.export.google_label", "Index", i+1, "Count", len(uris)))
		}
		return c.writeQRCodes(*out, uris, labels, googleFileNames(len(uris)), *invert, len(toks)-len(left))
	case exportQR:
		var texts, labels []string
		for _, t := range toks {
			texts = append(texts, t.URI())
			labels = append(labels, t.Name)
		}
		return c.writeQRCodes(*out, texts, labels, labels, *invert, len(toks))
	}
	return nil
}

// exportTokens returns the named tokens (all without names), with secrets,
// in the order given.
func (c *cli) exportTokens(names []string) ([]token.Token, error) {
	d, err := c.load()
	if err != nil {
		return nil, err
	}
	var picked []token.Token
	if len(names) == 0 {
		picked = d.Tokens
	} else {
		seen := map[string]bool{}
		for _, n := range names {
			t, err := d.Find(n)
			if err != nil {
				return nil, err
			}
			if !seen[t.ID] {
				seen[t.ID] = true
				picked = append(picked, *t)
			}
		}
	}
	if len(picked) == 0 {
		return nil, msg.New("store.empty", nil)
	}
	s, _ := c.openStore() // opened by load
	out := make([]token.Token, 0, len(picked))
	for _, t := range picked {
		full, err := s.WithSecret(t)
		if err != nil {
			return nil, err
		}
		if full.Issuer == "" && full.Account == "" {
			// Without a label the exported token would not read back (nor
			// in other apps): the name stands in for the account.
			full.Account = full.Name
		}
		out = append(out, full)
	}
	return out, nil
}

// encryptedAegis asks for a new password (twice on a terminal, or one line
// of standard input) and encrypts toks with it as an Aegis vault. The file
// out, unless the vault goes to standard output (out ""), must not exist:
// that is checked before the password is asked for.
func (c *cli) encryptedAegis(toks []token.Token, out string, pwFromStdin bool) ([]byte, error) {
	if out != "" {
		if err := transfer.CheckNew(out); err != nil {
			return nil, err
		}
	}
	pw, err := c.password(pwFromStdin, true)
	if err != nil {
		return nil, err
	}
	if err := transfer.CheckBackupPassword(pw); err != nil {
		return nil, err
	}
	return transfer.EncodeAegis(toks, pw)
}

// writeExport writes data to the new file out (0600, never over an existing
// file), or to standard output.
func (c *cli) writeExport(out string, data []byte, count int) error {
	if out == "" {
		_, err := c.stdout.Write(data)
		return err
	}
	if err := transfer.WriteNew(out, data); err != nil {
		return err
	}
	c.println(c.stderr, "cli.export.wrote", "Count", count, "Path", out)
	return nil
}

// writeQRCodes draws each text as a QR code: PNG files in the folder out, or
// on the terminal, each under its label.
func (c *cli) writeQRCodes(out string, texts, labels, fileNames []string, invert bool, count int) error {
	if out == "" {
		for i, text := range texts {
			art, err := transfer.TerminalQR(text, invert)
			if err != nil {
				return err
			}
			c.printf(c.stdout, "%s\n%s\n", labels[i], art)
		}
		return nil
	}
	if err := ensureDir(out); err != nil {
		return err
	}
	paths := transfer.UniquePaths(out, fileNames)
	if err := transfer.CheckNew(paths...); err != nil {
		return err
	}
	for i, text := range texts {
		png, err := transfer.TextPNG(text, qrSize)
		if err != nil {
			return err
		}
		if err := transfer.WriteNew(paths[i], png); err != nil {
			return err
		}
	}
	c.println(c.stderr, "cli.export.wrote_images", "Count", count, "Files", len(paths), "Dir", out)
	return nil
}

// ensureDir makes the output folder of image exports (owner only), or
// checks that the existing one is a folder.
func ensureDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return msg.New("cli.export.not_dir", nil, "Path", dir)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return msg.New("cli.export.mkdir", err, "Path", dir)
		}
		return nil
	}
	return msg.New("cli.export.mkdir", err, "Path", dir)
}

func googleFileNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "google-authenticator-" + strconv.Itoa(i+1) + "-of-" + strconv.Itoa(n)
	}
	return out
}

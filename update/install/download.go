package install

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/otptray/otptray/update"
)

// get GETs asset and writes at most limit bytes of it to w, which sees
// every byte as it arrives. An asset whose feed gives its size must be
// exactly that long.
func (u *Updater) get(ctx context.Context, a update.Asset, limit int64, w io.Writer) (int64, error) {
	if a.Size > limit {
		return 0, newError(TooLarge, a.Name, "Max", limit)
	}
	if a.Size > 0 {
		limit = a.Size
	}
	addr, err := url.Parse(a.URL)
	if err != nil || !update.Secure(addr) {
		return 0, newError(Insecure, a.Name, "URL", redacted(addr, a.URL))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
	if err != nil {
		return 0, newError(Insecure, a.Name, "URL", redacted(addr, a.URL))
	}
	req.Header.Set("User-Agent", u.UserAgent)
	req.Header.Set("Accept", "application/octet-stream")

	client := u.Client
	if client == nil {
		client = http.DefaultClient
	}
	cl := *client
	// A redirect obeys the rule of the first address (GitHub sends the
	// download on to its storage): a file fetched in clear text could be
	// anyone's, and although the signature would catch it, it is refused
	// at once, with the reason that is true.
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if !update.Secure(req.URL) {
			return &redirectError{newError(Insecure, a.Name, "URL", req.URL.Redacted())}
		}
		return nil
	}
	resp, err := cl.Do(req)
	if err != nil {
		var redirect *redirectError
		if errors.As(err, &redirect) {
			return 0, redirect.err
		}
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, newError(Status, a.Name, "Status", resp.Status)
	}
	if resp.ContentLength > limit {
		return 0, newError(TooLarge, a.Name, "Max", limit)
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit+1))
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		// The connection ended before the length the server announced.
		return n, newError(Truncated, a.Name)
	case err != nil:
		return n, fmt.Errorf("download %s: %w", a.Name, err)
	case n > limit:
		return n, newError(TooLarge, a.Name, "Max", limit)
	case a.Size > 0 && n < a.Size:
		return n, newError(Truncated, a.Name)
	}
	return n, nil
}

// getSmall downloads a small asset (SHA256SUMS, its signature) into memory.
func (u *Updater) getSmall(ctx context.Context, a update.Asset, limit int64) ([]byte, error) {
	var b bytes.Buffer
	if _, err := u.get(ctx, a, limit, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// getFile downloads a into a new file path, computing its SHA-256 on the
// way, and reports the progress.
func (u *Updater) getFile(ctx context.Context, a update.Asset, path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	w := io.MultiWriter(f, h)
	if u.Progress != nil {
		w = &progressWriter{w: w, total: a.Size, report: u.Progress}
	}
	_, err = u.get(ctx, a, limit, w)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

type progressWriter struct {
	w      io.Writer
	done   int64
	total  int64
	report func(done, total int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	p.report(p.done, p.total)
	return n, err
}

type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }

// redacted is an address for a message, without a password in it.
func redacted(u *url.URL, raw string) string {
	if u != nil {
		return u.Redacted()
	}
	return raw
}

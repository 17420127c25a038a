package wintray

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// upscale enlarges img n times with bilinear filtering and turns it to grey:
// Tesseract reads 9 px menu text poorly and wants letters about 30 px high.
func upscale(img *image.RGBA, n int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*n, b.Dy()*n))
	grey := func(x, y int) float64 {
		x = min(max(x, 0), b.Dx()-1)
		y = min(max(y, 0), b.Dy()-1)
		c := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
		return 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	}
	for y := 0; y < b.Dy()*n; y++ {
		fy := (float64(y)+0.5)/float64(n) - 0.5
		y0 := int(fy)
		if fy < 0 {
			y0 = -1
		}
		dy := fy - float64(y0)
		for x := 0; x < b.Dx()*n; x++ {
			fx := (float64(x)+0.5)/float64(n) - 0.5
			x0 := int(fx)
			if fx < 0 {
				x0 = -1
			}
			dx := fx - float64(x0)
			v := grey(x0, y0)*(1-dx)*(1-dy) + grey(x0+1, y0)*dx*(1-dy) +
				grey(x0, y0+1)*(1-dx)*dy + grey(x0+1, y0+1)*dx*dy
			out.SetGray(x, y, color.Gray{uint8(v + 0.5)})
		}
	}
	return out
}

// ocr reads the text of img with Tesseract in the languages given ("eng",
// "jpn+eng"), enlarged scale times, as one block of lines.
func ocr(img *image.RGBA, scale int, langs, dir string) (string, error) {
	f, err := os.CreateTemp(dir, "ocr-*.png")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if err := png.Encode(f, upscale(img, scale)); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "tesseract", f.Name(), "-", "--psm", "6", "-l", langs)
	// One thread: the OCR of a menu is small, and the machine is shared.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("tesseract %s: %w", filepath.Base(f.Name()), err)
	}
	return string(out), nil
}

var groupedCode = regexp.MustCompile(`(\d{3}) ?(\d{3})`)

// codesIn lists the 6-digit codes in OCR text, "123 456" read as "123456".
func codesIn(text string) []string {
	var out []string
	for _, m := range groupedCode.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// squeeze drops all white space, for comparing OCR text with labels (OCR
// adds and drops spaces, notably between Japanese characters).
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

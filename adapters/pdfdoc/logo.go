package pdfdoc

import (
	"bytes"
	"image"
	_ "image/jpeg" // the logo may be a JPEG
	_ "image/png"  // or a PNG

	"github.com/go-pdf/fpdf"
)

// logoH is the height of the logo in a form's first-page header (mm).
const logoH = 14.0

// placeImage registers an image (PNG or JPEG, checked by decoding its header)
// under name and returns its width:height ratio; ok is false for anything
// else, and the document is left without error.
func placeImage(pdf *fpdf.Fpdf, name string, data []byte) (ratio float64, ok bool) {
	if len(data) == 0 {
		return 0, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, false
	}
	typ := map[string]string{"png": "PNG", "jpeg": "JPG"}[format]
	if typ == "" {
		return 0, false
	}
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(data))
	if pdf.Err() {
		pdf.ClearError()
		return 0, false
	}
	return float64(cfg.Width) / float64(cfg.Height), true
}

// drawImage draws an image placeImage registered, h high at x, y (at most
// maxW wide).
func drawImage(pdf *fpdf.Fpdf, name string, ratio, x, y, h, maxW float64) {
	w := h * ratio
	if w > maxW {
		w, h = maxW, maxW/ratio
	}
	pdf.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
}

// drawFormLogo draws the association's logo at the left of the first page's
// title; an unreadable logo is left out.
func drawFormLogo(pdf *fpdf.Fpdf, logo []byte) {
	if ratio, ok := placeImage(pdf, "logo", logo); ok {
		drawImage(pdf, "logo", ratio, marginX, topFirst-4, logoH, 30)
	}
}

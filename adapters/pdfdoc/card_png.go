package pdfdoc

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/openassoc/membership/ports"
)

// pxPerMM is the PNG card's resolution (300 dpi).
const pxPerMM = 300 / 25.4

// painter writes text on an image with the Renderer's faces, choosing the face
// character by character as the PDF pen does.
type painter struct {
	r     *Renderer
	img   *image.RGBA
	fonts []*opentype.Font
}

// cardPNG is the card as a 300 dpi image laid out as cardPDF.
func (r *Renderer) cardPNG(doc ports.CardDocument, logo, qr []byte, l lang) ([]byte, error) {
	p, err := r.newPainter(px(cardW), px(cardH))
	if err != nil {
		return nil, err
	}
	blue := color.RGBA{uint8(brandBlue[0]), uint8(brandBlue[1]), uint8(brandBlue[2]), 255}
	grey := color.RGBA{90, 90, 90, 255}
	p.fill(0, 0, cardW, cardBand, blue)
	x := 4.0
	if w, ok := p.picture(logo, 3, 2, cardBand-4, 20); ok {
		x = 3 + w + 2
	}
	if err := p.text(doc.Association, x, 8.2, 9, color.White); err != nil {
		return nil, err
	}
	if err := p.textRight(doc.Title, cardW-3, 8.2, 8, color.White); err != nil {
		return nil, err
	}
	if err := p.text(doc.Name, 4, cardBand+7.5, 11, color.Black); err != nil {
		return nil, err
	}
	for i, row := range l.cardRows(doc, true) {
		y := cardBand + 13.5 + float64(i)*5.6
		if err := p.text(row[0], 4, y, 6.5, grey); err != nil {
			return nil, err
		}
		if err := p.text(row[1], 16.5, y, 6.5, color.Black); err != nil {
			return nil, err
		}
	}
	p.picture(qr, cardW-28, cardBand+3, 25, 25)
	if err := p.text(l.t("扫码验证真伪"), cardW-26, cardBand+31, 5.5, grey); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, p.img); err != nil {
		return nil, fmt.Errorf("pdfdoc: card PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// newPainter starts a white image of w × h pixels.
func (r *Renderer) newPainter(w, h int) (*painter, error) {
	p := &painter{r: r, img: image.NewRGBA(image.Rect(0, 0, w, h))}
	draw.Draw(p.img, p.img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, f := range r.faces {
		parsed, err := opentype.Parse(f.bytes)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: card PNG font %s: %w", f.path, err)
		}
		p.fonts = append(p.fonts, parsed)
	}
	return p, nil
}

func px(mm float64) int { return int(mm*pxPerMM + 0.5) }

// fill paints a rectangle given in mm.
func (p *painter) fill(x, y, w, h float64, c color.Color) {
	draw.Draw(p.img, image.Rect(px(x), px(y), px(x+w), px(y+h)), image.NewUniform(c), image.Point{}, draw.Src)
}

// picture draws a PNG or JPEG h mm high (at most maxW mm wide) at x, y and
// returns its width; ok is false for an unreadable picture.
func (p *painter) picture(data []byte, x, y, h, maxW float64) (float64, bool) {
	if len(data) == 0 {
		return 0, false
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil || src.Bounds().Dy() == 0 {
		return 0, false
	}
	w := h * float64(src.Bounds().Dx()) / float64(src.Bounds().Dy())
	if w > maxW {
		w, h = maxW, h*maxW/w
	}
	xdraw.CatmullRom.Scale(p.img, image.Rect(px(x), px(y), px(x+w), px(y+h)), src, src.Bounds(), draw.Over, nil)
	return w, true
}

// face is the font face i at size points.
func (p *painter) face(i int, size float64) (font.Face, error) {
	f, err := opentype.NewFace(p.fonts[i], &opentype.FaceOptions{Size: size, DPI: 300, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: card PNG face: %w", err)
	}
	return f, nil
}

// text writes s with its baseline at x, y (mm), size in points.
func (p *painter) text(s string, x, y, size float64, c color.Color) error {
	faces := map[int]font.Face{}
	dot := fixed.P(px(x), px(y))
	for _, ch := range s {
		i, r := p.r.choose(ch)
		f, ok := faces[i]
		if !ok {
			var err error
			if f, err = p.face(i, size); err != nil {
				return err
			}
			faces[i] = f
		}
		d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: f, Dot: dot}
		d.DrawString(string(r))
		dot = d.Dot
	}
	return nil
}

// textRight writes s ending at x.
func (p *painter) textRight(s string, x, y, size float64, c color.Color) error {
	w := 0.0
	for _, ch := range s {
		i, r := p.r.choose(ch)
		f, err := p.face(i, size)
		if err != nil {
			return err
		}
		adv, _ := f.GlyphAdvance(r)
		w += float64(adv) / 64 / pxPerMM
	}
	return p.text(s, x-w, y, size, c)
}

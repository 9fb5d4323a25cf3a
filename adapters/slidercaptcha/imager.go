// Package slidercaptcha renders the pictures of the slider check (拖动滑块验证): a
// procedurally generated background with a jigsaw-shaped hole and the matching piece
// the user drags into it. It implements ports.CaptchaImager with the standard library.
package slidercaptcha

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"sync"

	"github.com/openassoc/membership/ports"
)

// Imager renders slider challenges. The picture depends only on the seed and the
// target, so a challenge can be rendered again from what the store keeps. It is safe
// for concurrent use; create it with New.
type Imager struct {
	shapes []*shape
	enc    png.Encoder
	bgs    sync.Pool // *image.RGBA of width×height
	pieces sync.Pool // *image.NRGBA of box×height
	bufs   sync.Pool // *bytes.Buffer for encoding
}

var _ ports.CaptchaImager = (*Imager)(nil)

// New prepares an Imager: it rasterises the jigsaw shapes once and sets up fast PNG
// encoding with reused buffers.
func New() *Imager {
	im := &Imager{
		shapes: buildShapes(),
		enc:    png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &bufferPool{}},
	}
	im.bgs.New = func() any { return image.NewRGBA(image.Rect(0, 0, width, height)) }
	im.pieces.New = func() any { return image.NewNRGBA(image.Rect(0, 0, box, height)) }
	im.bufs.New = func() any { return new(bytes.Buffer) }
	return im
}

// Render draws the background (width×height) with the hole whose top-left corner is
// at (targetX, targetY), and the piece as a transparent box×height strip with the
// piece at targetY, so the browser only moves it horizontally. Both are PNG.
func (im *Imager) Render(seed uint64, targetX, targetY int) (background, piece []byte, err error) {
	if im.shapes == nil {
		return nil, nil, errors.New("slidercaptcha: Imager not created with New")
	}
	if targetX < 0 || targetX > width-box || targetY < 0 || targetY > height-box {
		return nil, nil, fmt.Errorf("slidercaptcha: target (%d,%d) lies outside the %d×%d picture",
			targetX, targetY, width, height)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	variant := r.IntN(len(im.shapes))
	decoyVariant := (variant + 1 + r.IntN(len(im.shapes)-1)) % len(im.shapes)
	decoyX, decoyY := decoyPlace(r, targetX)

	bg := im.bgs.Get().(*image.RGBA)
	defer im.bgs.Put(bg)
	pc := im.pieces.Get().(*image.NRGBA)
	defer im.pieces.Put(pc)

	paintBackground(bg, r)
	sh := im.shapes[variant]
	cutPiece(pc, bg, sh, targetX, targetY)
	markHole(bg, im.shapes[decoyVariant], decoyX, decoyY, 0.25, 0.25)
	markHole(bg, sh, targetX, targetY, 0.5, 0.7)

	if background, err = im.encode(bg); err != nil {
		return nil, nil, err
	}
	if piece, err = im.encode(pc); err != nil {
		return nil, nil, err
	}
	return background, piece, nil
}

// decoyPlace picks where a fainter hole of another shape goes, clear of the target's
// columns so that the darkest spot is not always the answer yet people can tell them
// apart by shape.
func decoyPlace(r *rand.Rand, targetX int) (int, int) {
	const gap = box + 4
	var xs []int
	for x := 0; x <= width-box; x++ {
		if x <= targetX-gap || x >= targetX+gap {
			xs = append(xs, x)
		}
	}
	return xs[r.IntN(len(xs))], r.IntN(height - box + 1)
}

// cutPiece copies the shape's pixels at (tx, ty) from bg into the cleared strip,
// with a light outline so the piece stands out while dragged.
func cutPiece(pc *image.NRGBA, bg *image.RGBA, sh *shape, tx, ty int) {
	clear(pc.Pix)
	for y := range box {
		for x := range box {
			a := sh.alpha[y*box+x]
			if a == 0 {
				continue
			}
			src := (ty+y)*bg.Stride + (tx+x)*4
			dst := (ty+y)*pc.Stride + x*4
			e := int(sh.edge[y*box+x]) * 200 / 255
			for ch := range 3 {
				v := int(bg.Pix[src+ch])
				pc.Pix[dst+ch] = uint8(v + (255-v)*e/255)
			}
			pc.Pix[dst+3] = a
		}
	}
}

// markHole darkens the shape's pixels at (x0, y0) by dark (0..1, keeping the
// texture) and draws a light outline of strength line (0..1).
func markHole(bg *image.RGBA, sh *shape, x0, y0 int, dark, line float64) {
	for y := range box {
		for x := range box {
			a := float64(sh.alpha[y*box+x]) / 255
			if a == 0 {
				continue
			}
			e := float64(sh.edge[y*box+x]) / 255 * line
			i := (y0+y)*bg.Stride + (x0+x)*4
			for ch := range 3 {
				v := float64(bg.Pix[i+ch])
				v -= v * dark * a
				v += (255 - v) * e
				bg.Pix[i+ch] = uint8(v)
			}
		}
	}
}

// encode writes img as PNG into a fresh, exactly sized slice the caller owns.
func (im *Imager) encode(img image.Image) ([]byte, error) {
	buf := im.bufs.Get().(*bytes.Buffer)
	defer im.bufs.Put(buf)
	buf.Reset()
	if err := im.enc.Encode(buf, img); err != nil {
		return nil, fmt.Errorf("slidercaptcha: encode png: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// bufferPool lets the PNG encoder reuse its compression buffers between renders.
type bufferPool struct{ pool sync.Pool }

// Get returns a reusable encoder buffer, or nil so the encoder makes one.
func (p *bufferPool) Get() *png.EncoderBuffer {
	b, _ := p.pool.Get().(*png.EncoderBuffer)
	return b
}

// Put keeps an encoder buffer for a later render.
func (p *bufferPool) Put(b *png.EncoderBuffer) { p.pool.Put(b) }

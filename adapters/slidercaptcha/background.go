package slidercaptcha

import (
	"image"
	"math"
	"math/rand/v2"

	"github.com/openassoc/membership/core/domain/captcha"
)

const (
	width  = captcha.Width
	height = captcha.Height
)

// rgb is a colour with float channels in 0..255.
type rgb struct{ r, g, b float64 }

// hsv converts hue (0..1), saturation and value to a colour.
func hsv(h, s, v float64) rgb {
	h = (h - math.Floor(h)) * 6
	i := int(h)
	f := h - float64(i)
	p, q, t := v*(1-s), v*(1-s*f), v*(1-s*(1-f))
	var c rgb
	switch i {
	case 0:
		c = rgb{v, t, p}
	case 1:
		c = rgb{q, v, p}
	case 2:
		c = rgb{p, v, t}
	case 3:
		c = rgb{p, q, v}
	case 4:
		c = rgb{t, p, v}
	default:
		c = rgb{v, p, q}
	}
	return rgb{c.r * 255, c.g * 255, c.b * 255}
}

// blend mixes colour c into pixel offset i with opacity a (0..1).
func blend(pix []uint8, i int, c rgb, a float64) {
	pix[i] = uint8(float64(pix[i]) + (c.r-float64(pix[i]))*a)
	pix[i+1] = uint8(float64(pix[i+1]) + (c.g-float64(pix[i+1]))*a)
	pix[i+2] = uint8(float64(pix[i+2]) + (c.b-float64(pix[i+2]))*a)
}

// paintBackground draws the seed's picture: a calm procedural landscape (see
// landscape.go) with a fine film grain, so that neither the picture nor the
// hole is made of flat colours.
func paintBackground(img *image.RGBA, r *rand.Rand) {
	paintLandscape(img, r)
	addNoise(img, r.Uint64())
}

// paintGradient fills the picture with a linear gradient from c0 to c1 along angle.
func paintGradient(img *image.RGBA, c0, c1 rgb, angle float64) {
	dx, dy := math.Cos(angle), math.Sin(angle)
	extent := math.Abs(width*dx) + math.Abs(height*dy)
	pix := img.Pix
	for y := range height {
		for x := range width {
			t := ((float64(x)-width/2)*dx+(float64(y)-height/2)*dy)/extent + 0.5
			i := y*img.Stride + x*4
			pix[i] = uint8(c0.r + (c1.r-c0.r)*t)
			pix[i+1] = uint8(c0.g + (c1.g-c0.g)*t)
			pix[i+2] = uint8(c0.b + (c1.b-c0.b)*t)
			pix[i+3] = 255
		}
	}
}

// clampBox limits a bounding box to the picture.
func clampBox(x0, y0, x1, y1 float64) (int, int, int, int) {
	return max(0, int(x0)), max(0, int(y0)), min(width, int(x1)+1), min(height, int(y1)+1)
}

// addNoise adds a faint luminance grain in 2×2 cells, so that neither the picture nor the
// hole is made of flat colours while the PNG stays small and quick to encode.
func addNoise(img *image.RGBA, seed uint64) {
	state := seed | 1
	pix := img.Pix
	for y := 0; y < height; y += 2 {
		for x := 0; x < width; x += 2 {
			// xorshift64*: fast and good enough for texture.
			state ^= state >> 12
			state ^= state << 25
			state ^= state >> 27
			delta := int((state*2685821657736338717)>>59) - 15 // -15..16
			delta /= 4                                         // a fine grain: -3..4
			for _, i := range [4]int{
				y*img.Stride + x*4, y*img.Stride + (x+1)*4,
				(y+1)*img.Stride + x*4, (y+1)*img.Stride + (x+1)*4,
			} {
				pix[i] = clampByte(int(pix[i]) + delta)
				pix[i+1] = clampByte(int(pix[i+1]) + delta)
				pix[i+2] = clampByte(int(pix[i+2]) + delta)
			}
		}
	}
}

// clampByte limits v to 0..255.
func clampByte(v int) uint8 {
	return uint8(min(255, max(0, v)))
}

package slidercaptcha

import (
	"image"
	"math"
	"math/rand/v2"
)

// The slider picture is a landscape like the photo puzzles people know: a sky
// that brightens towards the horizon, a soft sun, and ranges of hills that get
// darker and more saturated as they come nearer (aerial perspective), every
// detail drawn from the seed.

// palette is the light of one picture: the sky's hue and the hills' hue.
type palette struct{ sky, land float64 }

// palettes are calm daylight, dawn, dusk and misty green.
var palettes = [...]palette{{0.58, 0.36}, {0.07, 0.60}, {0.75, 0.70}, {0.50, 0.30}}

// paintLandscape paints sky, sun and four ranges of hills.
func paintLandscape(img *image.RGBA, r *rand.Rand) {
	pal := palettes[r.IntN(len(palettes))]
	pal.sky += (r.Float64() - 0.5) * 0.06
	pal.land += (r.Float64() - 0.5) * 0.08
	top, horizon := hsv(pal.sky, 0.45, 0.80), hsv(pal.sky+0.04, 0.18, 0.98)
	paintGradient(img, top, horizon, math.Pi/2)
	paintSun(img, 30+r.Float64()*(width-60), 18+r.Float64()*30, 9+r.Float64()*6, hsv(0.12, 0.25, 1))
	const layers = 4
	for k := range layers {
		depth := float64(k) / (layers - 1) // 0 far … 1 near
		near := hsv(pal.land+depth*0.04, 0.25+0.35*depth, 0.75-0.45*depth)
		c := mix(horizon, near, 0.35+0.65*depth)
		base := height * (0.42 + 0.15*float64(k))
		paintRidge(img, r, base, 6+10*depth+r.Float64()*6, c, mix(c, rgb{}, 0.25))
	}
}

// mix is a + (b-a)·t per channel.
func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// paintSun blends a disc with a soft glow around it.
func paintSun(img *image.RGBA, cx, cy, radius float64, c rgb) {
	glow := radius * 3
	x0, y0, x1, y1 := clampBox(cx-glow, cy-glow, cx+glow, cy+glow)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			a := 0.35 * math.Max(0, 1-d/glow) * math.Max(0, 1-d/glow)
			a = math.Max(a, 0.9*math.Min(1, math.Max(0, radius-d+0.5)))
			if a > 0 {
				blend(img.Pix, y*img.Stride+x*4, c, a)
			}
		}
	}
}

// paintRidge fills from a ridge line around base down to the bottom: the
// ridge is a sum of three sines of random length and phase, its edge
// anti-aliased, its colour going from c at the ridge to bottom below.
func paintRidge(img *image.RGBA, r *rand.Rand, base, amp float64, c, bottom rgb) {
	var f, ph, w [3]float64
	for i := range 3 {
		f[i] = (0.012 + r.Float64()*0.02) * float64(i*i+1)
		ph[i] = r.Float64() * 2 * math.Pi
		w[i] = 1 / float64(i+1)
	}
	for x := range width {
		ridge := base
		for i := range 3 {
			ridge -= amp * w[i] * math.Sin(float64(x)*f[i]+ph[i])
		}
		for y := max(0, int(ridge)); y < height; y++ {
			cover := math.Min(1, float64(y)+1-ridge)
			t := (float64(y) - ridge) / math.Max(1, height-ridge)
			blend(img.Pix, y*img.Stride+x*4, mix(c, bottom, t), cover)
		}
	}
}

package slidercaptcha

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
)

// render renders and decodes one challenge.
func render(t *testing.T, im *Imager, seed uint64, x, y int) (bg, pc image.Image, bgPNG, pcPNG []byte) {
	t.Helper()
	bgPNG, pcPNG, err := im.Render(seed, x, y)
	require.NoError(t, err)
	bg, err = png.Decode(bytes.NewReader(bgPNG))
	require.NoError(t, err)
	pc, err = png.Decode(bytes.NewReader(pcPNG))
	require.NoError(t, err)
	return bg, pc, bgPNG, pcPNG
}

// shapeOf repeats Render's choice of jigsaw variant for a seed.
func shapeOf(im *Imager, seed uint64) *shape {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return im.shapes[r.IntN(len(im.shapes))]
}

func TestRenderSizesAndDeterminism(t *testing.T) {
	t.Parallel()
	im := New()
	cases := []struct {
		name string
		seed uint64
		x, y int
	}{
		{"top left", 0, 0, 0},
		{"bottom right", 42, captcha.Width - captcha.PieceSize, captcha.Height - captcha.PieceSize},
		{"typical", 0xdeadbeef, 130, 57},
		{"max seed", ^uint64(0), 64, 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bg, pc, bgPNG, pcPNG := render(t, im, tc.seed, tc.x, tc.y)
			assert.Equal(t, image.Rect(0, 0, captcha.Width, captcha.Height), bg.Bounds())
			assert.Equal(t, image.Rect(0, 0, captcha.PieceSize, captcha.Height), pc.Bounds())

			again, againPiece, err := New().Render(tc.seed, tc.x, tc.y)
			require.NoError(t, err)
			assert.Equal(t, bgPNG, again, "background must depend only on seed and target")
			assert.Equal(t, pcPNG, againPiece, "piece must depend only on seed and target")
		})
	}
}

func TestPieceTransparentOutsideShape(t *testing.T) {
	t.Parallel()
	im := New()
	for seed := uint64(1); seed <= 6; seed++ {
		x, y := int(20+seed*35), int(seed*17)
		bg, pc, _, _ := render(t, im, seed, x, y)
		sh := shapeOf(im, seed)
		opaque, darker := 0, 0
		for py := range captcha.Height {
			for px := range captcha.PieceSize {
				a := color.NRGBAModel.Convert(pc.At(px, py)).(color.NRGBA).A
				inBox := py >= y && py < y+box
				if !inBox || sh.alpha[(py-y)*box+px] == 0 {
					require.Zerof(t, a, "seed %d: piece pixel (%d,%d) outside the shape must be transparent", seed, px, py)
					continue
				}
				require.Equalf(t, sh.alpha[(py-y)*box+px], a, "seed %d: piece alpha at (%d,%d)", seed, px, py)
				if a == 255 {
					opaque++
				}
				if a == 255 && sh.edge[(py-y)*box+px] == 0 {
					// Inside the outline the hole is the piece's own picture, darkened.
					hole := color.RGBAModel.Convert(bg.At(x+px, py)).(color.RGBA)
					orig := color.NRGBAModel.Convert(pc.At(px, py)).(color.NRGBA)
					if hole.R <= orig.R && hole.G <= orig.G && hole.B <= orig.B &&
						int(hole.R)+int(hole.G)+int(hole.B) < int(orig.R)+int(orig.G)+int(orig.B) {
						darker++
					}
				}
			}
		}
		assert.Greaterf(t, opaque, 900, "seed %d: the piece must cover most of its box", seed)
		assert.Greaterf(t, darker, opaque/2, "seed %d: the hole must be a darkened copy of the piece", seed)
	}
}

func TestSeedsDiffer(t *testing.T) {
	t.Parallel()
	im := New()
	a, _, _, _ := render(t, im, 1, 100, 40)
	b, _, _, _ := render(t, im, 2, 100, 40)
	differ := 0
	for y := range captcha.Height {
		for x := range captcha.Width {
			if a.At(x, y) != b.At(x, y) {
				differ++
			}
		}
	}
	assert.Greater(t, differ, captcha.Width*captcha.Height/2, "two seeds must give different pictures")
}

func TestBackgroundIsNotFlat(t *testing.T) {
	t.Parallel()
	bg, _, _, _ := render(t, New(), 7, 120, 50)
	colours := map[color.Color]struct{}{}
	for y := range captcha.Height {
		for x := range captcha.Width {
			colours[bg.At(x, y)] = struct{}{}
		}
	}
	assert.Greater(t, len(colours), 2000, "the picture needs texture, not flat areas")
}

func TestRenderRejectsTargetsOutsideThePicture(t *testing.T) {
	t.Parallel()
	im := New()
	cases := []struct {
		name string
		x, y int
	}{
		{"left", -1, 10},
		{"right", captcha.Width - captcha.PieceSize + 1, 10},
		{"top", 10, -1},
		{"bottom", 10, captcha.Height - captcha.PieceSize + 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bg, pc, err := im.Render(1, tc.x, tc.y)
			require.Error(t, err)
			assert.Nil(t, bg)
			assert.Nil(t, pc)
		})
	}
	_, _, err := (&Imager{}).Render(1, 10, 10)
	assert.Error(t, err, "a zero Imager must refuse rather than panic")
}

func TestRenderConcurrently(t *testing.T) {
	t.Parallel()
	im := New()
	want, wantPiece, err := im.Render(99, 150, 60)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 8 {
		wg.Go(func() {
			for range 4 {
				bg, pc, err := im.Render(99, 150, 60)
				if err != nil || !bytes.Equal(bg, want) || !bytes.Equal(pc, wantPiece) {
					errs <- "concurrent render differs"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestChallengeTargetsRender(t *testing.T) {
	t.Parallel()
	im := New()
	for i := range 20 {
		c := captcha.NewChallenge("c", captcha.PurposeLogin, time.Unix(int64(i), 0))
		_, _, err := im.Render(c.Seed, c.TargetX, c.TargetY)
		require.NoErrorf(t, err, "challenge target (%d,%d)", c.TargetX, c.TargetY)
	}
}

func BenchmarkRender(b *testing.B) {
	im := New()
	b.ReportAllocs()
	var size int
	for i := 0; b.Loop(); i++ {
		bg, pc, err := im.Render(uint64(i), 64+i%180, 10+i%90)
		if err != nil {
			b.Fatal(err)
		}
		size += len(bg) + len(pc)
	}
	b.ReportMetric(float64(size)/float64(b.N), "bytes/render")
}

package slidercaptcha

import "github.com/openassoc/membership/core/domain/captcha"

// side is what one side of the jigsaw piece does: stay flat, bulge out or dent in.
type side uint8

const (
	flat side = iota
	knob
	dent
)

// Geometry of the jigsaw shape inside its PieceSize×PieceSize box.
const (
	box         = captcha.PieceSize
	bodyMin     = 6.0  // the square body spans [bodyMin, bodyMax) on both axes
	bodyMax     = 38.0 // box - bodyMin
	knobRadius  = 6.0
	dentRadius  = 5.0
	supersample = 4 // samples per pixel per axis for the anti-aliased edge
)

// shapeSides lists the jigsaw variants (top, right, bottom, left); the seed picks one
// for the piece and a different one for the decoy.
var shapeSides = [...][4]side{
	{knob, knob, flat, dent},
	{flat, knob, knob, dent},
	{knob, dent, flat, knob},
	{dent, knob, knob, flat},
	{knob, flat, dent, knob},
	{dent, knob, flat, knob},
}

// shape is one rasterised jigsaw variant: the coverage of each pixel of the box and
// the strength of its outline, both 0..255, row-major.
type shape struct {
	alpha [box * box]uint8
	edge  [box * box]uint8
}

// buildShapes rasterises every variant.
func buildShapes() []*shape {
	shapes := make([]*shape, len(shapeSides))
	for i, s := range shapeSides {
		shapes[i] = rasterise(s)
	}
	return shapes
}

// inside reports whether the point (x, y) of the box lies in the piece.
func inside(sides [4]side, x, y float64) bool {
	const mid = (bodyMin + bodyMax) / 2
	// Circle centres on the midpoints of the top, right, bottom and left sides.
	centres := [4][2]float64{{mid, bodyMin}, {bodyMax, mid}, {mid, bodyMax}, {bodyMin, mid}}
	in := x >= bodyMin && x < bodyMax && y >= bodyMin && y < bodyMax
	for i, sd := range sides {
		dx, dy := x-centres[i][0], y-centres[i][1]
		d2 := dx*dx + dy*dy
		switch {
		case sd == knob && d2 <= knobRadius*knobRadius:
			return true
		case sd == dent && d2 <= dentRadius*dentRadius:
			in = false
		}
	}
	return in
}

// rasterise samples the shape into coverage and outline maps.
func rasterise(sides [4]side) *shape {
	s := &shape{}
	const n = supersample * supersample
	for y := range box {
		for x := range box {
			hits := 0
			for sy := range supersample {
				for sx := range supersample {
					fx := float64(x) + (float64(sx)+0.5)/supersample
					fy := float64(y) + (float64(sy)+0.5)/supersample
					if inside(sides, fx, fy) {
						hits++
					}
				}
			}
			s.alpha[y*box+x] = uint8(hits * 255 / n)
		}
	}
	// The outline covers the pixels of the shape within two pixels of its border:
	// full strength on the first ring, half on the second.
	for y := range box {
		for x := range box {
			a := s.alpha[y*box+x]
			if a == 0 {
				continue
			}
			switch {
			case !s.solidAround(x, y, 1):
				s.edge[y*box+x] = a
			case !s.solidAround(x, y, 2):
				s.edge[y*box+x] = a / 2
			}
		}
	}
	return s
}

// solidAround reports whether every pixel within Chebyshev distance r of (x, y) is
// fully covered.
func (s *shape) solidAround(x, y, r int) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			nx, ny := x+dx, y+dy
			if nx < 0 || ny < 0 || nx >= box || ny >= box || s.alpha[ny*box+nx] != 255 {
				return false
			}
		}
	}
	return true
}

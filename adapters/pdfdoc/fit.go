package pdfdoc

import "github.com/openassoc/membership/ports"

// Fitting a form on one page: a form that runs a little over one page (a long
// 单位简介) is laid out wider and drawn scaled down, so that the whole form,
// with its stamp and signature box, is on the one page to stamp.
const (
	fitStep = 0.02 // scale tried in steps of this
	fitMin  = 0.60 // smallest scale: 10.5 pt body text prints at 6.3 pt (only a form filled to every limit gets this small)
)

// fitted is a document laid out for one page at a scale.
type fitted struct {
	layout docLayout
	scale  float64
}

// fitOnePage finds the largest scale, from 1 down to fitMin, at which doc's
// blocks laid out at width contentW/scale fit one page body when scaled; ok
// is false when none does. It leaves p's width at contentW.
func fitOnePage(p *pen, doc ports.FormDocument) (fitted, bool) {
	defer func() { p.cw = contentW }()
	for s := 1.0; s >= fitMin-1e-9; s -= fitStep {
		p.cw = contentW / s
		l := layout(p, doc)
		if total(l.blocks)*s <= l.bottom-topFirst {
			return fitted{layout: l, scale: s}, true
		}
	}
	return fitted{}, false
}

// total is the height of blocks one after the other.
func total(blocks []*block) float64 {
	h := 0.0
	for _, b := range blocks {
		h += b.h
	}
	return h
}

// drawFitted draws the fitted document on one page, scaled about the top
// left corner of the body.
func drawFitted(p *pen, f fitted) {
	pdf := p.pdf
	pdf.AddPage()
	drawFrame(p, f.layout, 1, 1)
	pdf.TransformBegin()
	pdf.TransformScale(f.scale*100, f.scale*100, marginX, topFirst)
	y := topFirst
	for _, b := range f.layout.blocks {
		b.draw(y)
		y += b.h
	}
	pdf.TransformEnd()
}

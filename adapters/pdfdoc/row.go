package pdfdoc

import "math"

// ruleW is the width of the table rules in millimetres.
const ruleW = 0.25

// row is a measured label | value row. A wide row is a full-width label bar
// over a full-width value box; a narrow row has the label column on the left.
type row struct {
	p     *pen
	label string
	lines []string // wrapped label
	value []string // wrapped value
	wide  bool
}

// newRow wraps label and value to the row's columns.
func newRow(p *pen, label, value string, wide bool) *row {
	r := &row{p: p, label: label, wide: wide}
	p.setSize(sizeBody)
	r.lines = r.wrapLabel(label)
	if wide {
		r.value = wrap(value, contentW-2*padX, p.width)
	} else {
		r.value = wrap(value, contentW-labelW-2*padX, p.width)
	}
	return r
}

// wrapLabel wraps a label to the label column or bar.
func (r *row) wrapLabel(label string) []string {
	r.p.setSize(sizeBody)
	if label == "" {
		return nil
	}
	if r.wide {
		return wrap(label, contentW-2*padX, r.p.width)
	}
	return wrap(label, labelW-2*padX, r.p.width)
}

// barH is the height of a wide row's label bar (0 without a label).
func (r *row) barH() float64 {
	if len(r.lines) == 0 {
		return 0
	}
	return float64(len(r.lines))*lineH + 2*padY
}

// heightWith is the row's height showing n value lines.
func (r *row) heightWith(n int) float64 {
	if r.wide {
		return r.barH() + math.Max(minRowH, float64(n)*lineH+2*padY)
	}
	return math.Max(minRowH, float64(max(n, len(r.lines)))*lineH+2*padY)
}

// block makes the row a page-flow block.
func (r *row) block() *block {
	return &block{
		h:     r.heightWith(len(r.value)),
		minH:  r.heightWith(min(len(r.value), minSplit)),
		draw:  r.draw,
		split: r.split,
	}
}

// split cuts the value so that the first part fits avail; the rest goes on
// under the label marked 「（续）」.
func (r *row) split(avail float64) (first, rest *block, ok bool) {
	n := int((avail - 2*padY) / lineH)
	if r.wide {
		n = int((avail - r.barH() - 2*padY) / lineH)
	}
	if n < minSplit || n >= len(r.value) {
		return nil, nil, false
	}
	a := &row{p: r.p, label: r.label, lines: r.lines, value: r.value[:n], wide: r.wide}
	b := &row{p: r.p, label: r.label, value: r.value[n:], wide: r.wide}
	if r.label != "" {
		b.lines = b.wrapLabel(r.label + continued)
	}
	return a.block(), b.block(), true
}

// draw draws the row's cells and text from y.
func (r *row) draw(y float64) {
	p, pdf := r.p, r.p.pdf
	p.setSize(sizeBody)
	pdf.SetLineWidth(ruleW)
	pdf.SetFillColor(242, 242, 242)
	h := r.heightWith(len(r.value))
	if r.wide {
		if bh := r.barH(); bh > 0 {
			pdf.Rect(marginX, y, contentW, bh, "FD")
			p.lines(marginX+padX, y+padY, contentW-2*padX, lineH, r.lines, "L")
			y, h = y+bh, h-bh
		}
		pdf.Rect(marginX, y, contentW, h, "D")
		p.lines(marginX+padX, y+padY, contentW-2*padX, lineH, r.value, "L")
		return
	}
	pdf.Rect(marginX, y, labelW, h, "FD")
	pdf.Rect(marginX+labelW, y, contentW-labelW, h, "D")
	middle := func(n int) float64 { return y + (h-float64(n)*lineH)/2 }
	p.lines(marginX+padX, middle(len(r.lines)), labelW-2*padX, lineH, r.lines, "C")
	p.lines(marginX+labelW+padX, middle(len(r.value)), contentW-labelW-2*padX, lineH, r.value, "L")
}

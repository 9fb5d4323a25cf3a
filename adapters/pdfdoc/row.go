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
	x, w  float64 // left edge and width of the row's cells
	h     float64 // height forced by a pair (0: the row's own)
}

// newRow wraps label and value to the row's columns.
func newRow(p *pen, label, value string, wide bool) *row {
	return newRowAt(p, label, value, wide, marginX, p.cw)
}

// newRowAt wraps label and value to a row of width w from x.
func newRowAt(p *pen, label, value string, wide bool, x, w float64) *row {
	r := &row{p: p, label: label, wide: wide, x: x, w: w}
	p.setSize(sizeBody)
	r.lines = r.wrapLabel(label)
	if wide {
		r.value = wrap(value, w-2*padX, p.width)
	} else {
		r.value = wrap(value, w-labelW-2*padX, p.width)
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
		return wrap(label, r.w-2*padX, r.p.width)
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
	a := &row{p: r.p, label: r.label, lines: r.lines, value: r.value[:n], wide: r.wide, x: r.x, w: r.w}
	b := &row{p: r.p, label: r.label, value: r.value[n:], wide: r.wide, x: r.x, w: r.w}
	if r.label != "" {
		b.lines = b.wrapLabel(r.label + r.p.l.t(continued))
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
	if r.h > 0 {
		h = r.h
	}
	if r.wide {
		if bh := r.barH(); bh > 0 {
			pdf.Rect(r.x, y, r.w, bh, "FD")
			p.lines(r.x+padX, y+padY, r.w-2*padX, lineH, r.lines, "L")
			y, h = y+bh, h-bh
		}
		pdf.Rect(r.x, y, r.w, h, "D")
		p.lines(r.x+padX, y+padY, r.w-2*padX, lineH, r.value, "L")
		return
	}
	pdf.Rect(r.x, y, labelW, h, "FD")
	pdf.Rect(r.x+labelW, y, r.w-labelW, h, "D")
	middle := func(n int) float64 { return y + (h-float64(n)*lineH)/2 }
	p.lines(r.x+padX, middle(len(r.lines)), labelW-2*padX, lineH, r.lines, "C")
	p.lines(r.x+labelW+padX, middle(len(r.value)), r.w-labelW-2*padX, lineH, r.value, "L")
}

// pairRows puts two narrow rows whose values each fit one line of a
// half-width row side by side, as paper forms do (邮政编码 | 员工人数); nil
// when they do not fit.
func pairRows(p *pen, a, b [2]string) *block {
	half := p.cw / 2
	left := newRowAt(p, a[0], a[1], false, marginX, half)
	right := newRowAt(p, b[0], b[1], false, marginX+half, p.cw-half)
	if len(left.value) > 1 || len(right.value) > 1 || len(left.lines) > 1 || len(right.lines) > 1 {
		return nil
	}
	h := max(left.heightWith(len(left.value)), right.heightWith(len(right.value)))
	left.h, right.h = h, h
	return &block{h: h, minH: h, draw: func(y float64) { left.draw(y); right.draw(y) }}
}

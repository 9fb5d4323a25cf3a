package pdfdoc

import "math"

// Title block line pitches and the space below it.
const (
	titleLineH    = 9.0
	subtitleLineH = 6.5
	titleAfter    = 3.0
)

// Signature area: top inset (room for the stamp), line pitch, bottom inset.
const (
	sigTop   = 12.0
	sigPitch = 10.0
	sigAfter = 3.0
)

// titleBlock is the centred title and subtitle of the first page, or nil.
func titleBlock(p *pen, title, subtitle string) *block {
	w := p.cw // the width now: the pen's goes back after fitting
	if title == "" && subtitle == "" {
		return nil
	}
	var tl, sl []string
	if title != "" {
		p.setSize(sizeTitle)
		tl = wrap(title, w, p.width)
	}
	if subtitle != "" {
		p.setSize(sizeSubtitle)
		sl = wrap(subtitle, w, p.width)
	}
	h := float64(len(tl))*titleLineH + float64(len(sl))*subtitleLineH + titleAfter
	return &block{h: h, minH: h, draw: func(y float64) {
		p.setSize(sizeTitle)
		p.bold(func() { p.lines(marginX, y, w, titleLineH, tl, "C") })
		p.setSize(sizeSubtitle)
		p.lines(marginX, y+float64(len(tl))*titleLineH, w, subtitleLineH, sl, "C")
	}}
}

// sectionBlock is a shaded full-width header row with gap space above it.
func sectionBlock(p *pen, title string, gap float64) *block {
	w := p.cw // the width now: the pen's goes back after fitting
	p.setSize(sizeSection)
	lines := wrap(title, w-2*padX, p.width)
	h := math.Max(sectionH, float64(len(lines))*lineH+2*padY)
	return &block{h: gap + h, header: true, draw: func(y float64) {
		y += gap
		p.pdf.SetFillColor(217, 217, 217)
		p.pdf.Rect(marginX, y, w, h, "FD")
		p.setSize(sizeSection)
		top := y + (h-float64(len(lines))*lineH)/2
		p.bold(func() { p.lines(marginX+padX, top, w-2*padX, lineH, lines, "L") })
	}}
}

// signatureBlock is the bordered stamp area with one line per signature
// (「单位盖章：」, 「日期：」) to fill by hand, or nil when there are none.
func signatureBlock(p *pen, sigs []string) *block {
	w := p.cw // the width now: the pen's goes back after fitting
	if len(sigs) == 0 {
		return nil
	}
	p.setSize(sizeBody)
	labelMax := 0.0
	for _, s := range sigs {
		labelMax = math.Max(labelMax, p.width(s))
	}
	x := marginX + w*0.5
	labelMax = math.Min(labelMax, marginX+w-x-30)
	h := sigTop + float64(len(sigs)-1)*sigPitch + lineH + sigAfter
	return &block{h: sectionGap + h, minH: sectionGap + h, draw: func(y float64) {
		y += sectionGap
		p.pdf.Rect(marginX, y, w, h, "D")
		p.setSize(sizeBody)
		for i, s := range sigs {
			ly := y + sigTop + float64(i)*sigPitch
			p.lines(x, ly, labelMax, lineH, []string{s}, "L")
			base := ly + lineH*0.5 + 0.3*sizeBody*25.4/72 + 0.8
			p.pdf.Line(x+labelMax+1, base, marginX+w-padX*3, base)
		}
	}}
}

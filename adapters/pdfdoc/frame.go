package pdfdoc

import "fmt"

// drawFrame draws what every page carries: the running header (pages after
// the first), the footer and 「第 page 页 / 共 total 页」.
func drawFrame(p *pen, l docLayout, page, total int) {
	pdf := p.pdf
	p.setSize(sizeSmall)
	pdf.SetTextColor(90, 90, 90)
	pdf.SetDrawColor(150, 150, 150)
	pdf.SetLineWidth(0.2)
	if page > 1 && l.running != "" {
		p.lines(marginX, topNext-10, contentW, smallLineH, []string{l.running}, "C")
		pdf.Line(marginX, topNext-5.5, marginX+contentW, topNext-5.5)
	}
	if len(l.footer) > 0 {
		top := footerTop(len(l.footer))
		pdf.Line(marginX, top, marginX+contentW, top)
		p.lines(marginX, top+1, contentW, smallLineH, l.footer, "C")
	}
	p.setSize(sizeSmall + 1)
	p.lines(marginX, pageNoY+1.5, contentW, smallLineH+0.5, []string{p.l.t(pageNumber(page, total))}, "C")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(ruleW)
}

// pageNumber is the page line, e.g. 「第 1 页 / 共 2 页」.
func pageNumber(page, total int) string {
	return fmt.Sprintf("第 %d 页 / 共 %d 页", page, total)
}

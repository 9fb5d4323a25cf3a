package pdfdoc

import (
	"github.com/go-pdf/fpdf"

	"github.com/openassoc/membership/ports"
)

// certificatePDF is the A4 certificate: a framed page with the logo, the
// association's name, the title, the statement, the facts, the QR code and the
// date of issue.
func (r *Renderer) certificatePDF(doc ports.CardDocument, logo, qr []byte, l lang) ([]byte, error) {
	pdf := r.newCardPDF(doc, "P", fpdf.SizeType{Wd: pageW, Ht: pageH}, l)
	p := newPen(pdf, r)
	p.l = l
	pdf.SetDrawColor(brandBlue[0], brandBlue[1], brandBlue[2])
	pdf.SetLineWidth(1.2)
	pdf.Rect(12, 12, pageW-24, pageH-24, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(15, 15, pageW-30, pageH-30, "D")
	y := 30.0
	if ratio, ok := placeImage(pdf, "logo", logo); ok {
		w := min(22*ratio, 60)
		drawImage(pdf, "logo", ratio, (pageW-w)/2, y, 22, 60)
		y += 26
	}
	p.setSize(18)
	p.bold(func() { p.text(marginX, y, contentW, 10, doc.Association, "C") })
	pdf.SetTextColor(brandBlue[0], brandBlue[1], brandBlue[2])
	p.setSize(34)
	p.bold(func() { p.text(marginX, y+16, contentW, 16, doc.Title, "C") })
	pdf.SetTextColor(0, 0, 0)
	p.setSize(14)
	p.text(marginX+10, y+48, contentW-20, 8, l.t("兹证明"), "L")
	p.setSize(20)
	p.bold(func() { p.text(marginX, y+60, contentW, 12, doc.Name, "C") })
	p.setSize(14)
	statement := l.sprintf("为%s%s（%s），特发此证。", doc.Association, doc.KindLabel, doc.Level)
	p.lines(marginX+10, y+78, contentW-20, 8, wrap(statement, contentW-20, p.width), "L")
	p.setSize(12)
	for i, row := range l.cardRows(doc, false) {
		ry := y + 100 + float64(i)*9
		p.text(marginX+10, ry, 30, 7, row[0]+l.t("："), "L")
		p.text(marginX+40, ry, contentW-50, 7, row[1], "L")
	}
	if _, ok := placeImage(pdf, "qr", qr); ok {
		drawImage(pdf, "qr", 1, pageW-marginX-45, pageH-85, 40, 40)
	}
	p.setSize(9)
	pdf.SetTextColor(90, 90, 90)
	p.text(pageW-marginX-50, pageH-44, 50, 5, l.t("扫描二维码验证本证书"), "C")
	pdf.SetTextColor(0, 0, 0)
	p.setSize(12)
	p.text(marginX+10, pageH-70, 100, 7, doc.Association+l.t("（盖章）"), "L")
	p.text(marginX+10, pageH-60, 100, 7, l.t("发证日期：")+doc.Issued, "L")
	return output(pdf, doc.Title)
}

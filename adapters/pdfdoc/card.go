package pdfdoc

import (
	"context"
	"fmt"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

var _ ports.CardRenderer = (*Renderer)(nil)

// Card geometry (ISO/IEC 7810 ID-1, mm) and the band colour (the manual's blue).
const (
	cardW, cardH = 85.6, 54.0
	cardBand     = 12.0
	qrPixels     = 512
)

var brandBlue = [3]int{11, 78, 162}

// RenderCard draws a member's card: a PNG image, a card-size PDF or an A4
// certificate, each with the association's name and logo and the QR code of
// the verification link.
func (r *Renderer) RenderCard(ctx context.Context, doc ports.CardDocument, format ports.CardFormat) (out []byte,
	err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func() { // fpdf panics on some malformed input; never take the caller down
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("pdfdoc: render card %q: %v", doc.Number, p)
		}
	}()
	qr, err := qrcode.Encode(doc.VerifyURL, qrcode.Medium, qrPixels)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: card QR code: %w", err)
	}
	logo := doc.Logo
	l := r.lang(ctx)
	doc = cleanCard(l.card(doc))
	switch format {
	case ports.CardPNG:
		return r.cardPNG(doc, logo, qr, l)
	case ports.CardA4PDF:
		return r.certificatePDF(doc, logo, qr, l)
	case ports.CardPDF:
		return r.cardPDF(doc, logo, qr, l)
	}
	var v apperr.Validation
	v.Add("format", "format_invalid", l.t("下载格式只能是 png、pdf 或 a4"))
	return nil, v.Err()
}

// cleanCard makes every text of doc printable.
func cleanCard(d ports.CardDocument) ports.CardDocument {
	for _, s := range []*string{&d.Title, &d.Association, &d.Name, &d.Number, &d.KindLabel, &d.Level, &d.Validity,
		&d.Status, &d.Issued} {
		*s = clean(*s)
	}
	return d
}

// newCardPDF starts a document of the given page size with the metadata.
func (r *Renderer) newCardPDF(doc ports.CardDocument, orientation string, size fpdf.SizeType,
	l lang) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm", Size: size})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	pdf.SetTitle(doc.Association+" "+doc.Title+" "+doc.Number, true)
	pdf.SetCreator(r.creator, true)
	pdf.SetProducer("github.com/go-pdf/fpdf", true)
	pdf.SetLang(l.tag())
	pdf.SetCatalogSort(true)
	now := r.clock.Now()
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.AddPage()
	return pdf
}

// cardPDF is the card at its real size.
func (r *Renderer) cardPDF(doc ports.CardDocument, logo, qr []byte, l lang) ([]byte, error) {
	pdf := r.newCardPDF(doc, "P", fpdf.SizeType{Wd: cardW, Ht: cardH}, l)
	p := newPen(pdf, r)
	p.l = l
	pdf.SetFillColor(brandBlue[0], brandBlue[1], brandBlue[2])
	pdf.Rect(0, 0, cardW, cardBand, "F")
	x := 4.0
	if ratio, ok := placeImage(pdf, "logo", logo); ok {
		drawImage(pdf, "logo", ratio, 3, 2, cardBand-4, 20)
		x = 3 + min((cardBand-4)*ratio, 20) + 2
	}
	pdf.SetTextColor(255, 255, 255)
	pdf.SetDrawColor(255, 255, 255) // the bold strokes
	p.setSize(9)
	p.bold(func() { p.text(x, 2, cardW-x-22, 8, doc.Association, "L") })
	p.setSize(8)
	p.text(cardW-24, 2, 21, 8, doc.Title, "R")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
	p.setSize(11)
	p.bold(func() { p.text(4, cardBand+2.5, 50, 6, doc.Name, "L") })
	p.setSize(6.5)
	for i, row := range l.cardRows(doc, true) {
		y := cardBand + 10 + float64(i)*5.6
		pdf.SetTextColor(90, 90, 90)
		p.text(4, y, 12, 4.5, row[0], "L")
		pdf.SetTextColor(0, 0, 0)
		p.text(16.5, y, 40, 4.5, row[1], "L")
	}
	if _, ok := placeImage(pdf, "qr", qr); ok {
		drawImage(pdf, "qr", 1, cardW-28, cardBand+3, 25, 25)
	}
	p.setSize(5.5)
	pdf.SetTextColor(90, 90, 90)
	p.text(cardW-28, cardBand+28.5, 25, 3.5, l.t("扫码验证真伪"), "C")
	return output(pdf, doc.Title)
}

// Package pdfdoc is the ports.DocumentRenderer that prints forms as A4 PDFs
// (for example 「中国质量协会单位会员入会申请表」, which members download, print,
// stamp and upload as a scan). It draws with github.com/go-pdf/fpdf and a
// TrueType Chinese font found on the machine (see New and DefaultFontPaths).
//
// Layout: the title centred on the first page, the subtitle under it, one
// bordered label | value table per section with a shaded header row, wide rows
// as a full-width label bar over a full-width wrapped value, then the
// signature and stamp area. Every page carries the footer and 「第 n 页 / 共 N
// 页」; pages after the first repeat the title in a small running header, and a
// section continued on a new page repeats its header marked 「（续）」. Rows are
// never split across pages, except a single row taller than a whole page,
// which continues under its label marked 「（续）」. A form that would run a
// little over one page is laid out wider and printed scaled down (to at most
// 60 %) on one page, so that the stamp and signature box stay with the form.
package pdfdoc

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/go-pdf/fpdf"

	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// DefaultCreator is the PDF Creator metadata when Config.Creator is empty.
const DefaultCreator = "openassoc membership 会员管理系统"

// Config configures a Renderer. The zero value discovers the font.
type Config struct {
	// FontPath is the TrueType (.ttf) Chinese font to embed. Empty means the
	// file named by the MEMBERSHIP_PDF_FONT environment variable, else the
	// first usable file of SearchPaths.
	FontPath string
	// SearchPaths are the places tried when no font is named; nil means
	// DefaultFontPaths, an empty non-nil slice searches nowhere.
	SearchPaths []string
	// LatinFontPath is the TrueType font for Latin letters, digits and ASCII
	// punctuation, used only when the Chinese font lacks them (as
	// DroidSansFallbackFull does). Empty means $MEMBERSHIP_PDF_LATIN_FONT, else
	// the first usable file of LatinSearchPaths, else none: those characters
	// are then printed full-width from the Chinese font.
	LatinFontPath string
	// LatinSearchPaths are the places tried for the Latin font; nil means
	// DefaultLatinFontPaths, an empty non-nil slice searches nowhere.
	LatinSearchPaths []string
	// Creator is the PDF Creator metadata; empty means DefaultCreator.
	Creator string
	// Clock dates the documents (PDF creation date); nil means the system clock.
	Clock ports.Clock
	// Catalog translates every text drawn into the language of the request
	// (i18n.FromContext of the render's context); nil draws the Chinese as
	// given.
	Catalog *i18n.Catalog
}

// Renderer renders forms as PDFs. It is safe for concurrent use: each call
// builds its own fpdf document and shares only the read-only font bytes.
type Renderer struct {
	faces   []face // [0] Chinese, [1] Latin when the Chinese one lacks Latin
	glyphs  sync.Map
	creator string
	clock   ports.Clock
	cat     *i18n.Catalog
}

var _ ports.DocumentRenderer = (*Renderer)(nil)

// New finds and loads the font (Config.FontPath, else $MEMBERSHIP_PDF_FONT,
// else the search paths) and checks that fpdf can draw with it. Without a
// usable Chinese font it returns an error wrapping ErrNoFont that says, in
// Chinese and English, what to install or set; the caller decides whether
// forms are essential.
func New(cfg Config) (*Renderer, error) {
	faces, err := findFaces(cfg)
	if err != nil {
		return nil, err
	}
	r := &Renderer{faces: faces, creator: cfg.Creator, clock: cfg.Clock, cat: cfg.Catalog}
	if r.creator == "" {
		r.creator = DefaultCreator
	}
	if r.clock == nil {
		r.clock = ports.SystemClock{}
	}
	probe := ports.FormDocument{Title: cjkNeed.chars, Sections: []ports.FormSection{{Title: "单位", Rows: []ports.FormRow{{Label: "中国", Value: latinNeed.chars}}}}}
	if _, err := r.RenderForm(context.Background(), probe); err != nil {
		return nil, noFont(fmt.Sprintf("fonts %q cannot be used by fpdf: %v", r.FontPath()+" "+r.LatinFontPath(), err))
	}
	return r, nil
}

// RenderForm lays doc out on A4 pages and returns the PDF.
func (r *Renderer) RenderForm(ctx context.Context, doc ports.FormDocument) (out []byte, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func() { // fpdf panics on some malformed input; never take the caller down
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("pdfdoc: render %q: %v", doc.Title, p)
		}
	}()
	logo := doc.Logo
	lg := r.lang(ctx)
	doc = cleanDoc(lg.form(doc))
	pdf := r.newPDF(doc)
	pdf.SetLang(lg.tag())
	p := newPen(pdf, r)
	p.l = lg
	if f, ok := fitOnePage(p, doc); ok {
		drawFitted(p, f)
		drawFormLogo(pdf, logo)
		return output(pdf, doc.Title)
	}
	l := layout(p, doc)
	pages := paginate(l.blocks, l.bottom)
	for i, page := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pdf.AddPage()
		drawFrame(p, l, i+1, len(pages))
		if i == 0 {
			drawFormLogo(pdf, logo)
		}
		for _, p := range page {
			p.block.draw(p.y)
		}
	}
	return output(pdf, doc.Title)
}

// output writes the finished document.
func output(pdf *fpdf.Fpdf, title string) ([]byte, error) {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdfdoc: render %q: %w", title, err)
	}
	return buf.Bytes(), nil
}

// newPDF starts an A4 document with the font and the metadata.
func (r *Renderer) newPDF(doc ports.FormDocument) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginX, topFirst, marginX)
	pdf.SetAutoPageBreak(false, 0) // paginate decides
	pdf.SetCellMargin(0)
	pdf.SetTitle(doc.Title, true)
	if doc.Subtitle != "" {
		pdf.SetSubject(doc.Subtitle, true)
	}
	pdf.SetCreator(r.creator, true)
	pdf.SetProducer("github.com/go-pdf/fpdf", true)
	pdf.SetLang("zh-CN")
	pdf.SetCatalogSort(true) // same input and clock, same bytes
	now := r.clock.Now()
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	return pdf
}

// cleanDoc returns doc with every text made printable (see clean).
func cleanDoc(doc ports.FormDocument) ports.FormDocument {
	out := ports.FormDocument{Title: clean(doc.Title), Subtitle: clean(doc.Subtitle), Footer: clean(doc.Footer)}
	for _, s := range doc.Sections {
		cs := ports.FormSection{Title: clean(s.Title), Rows: make([]ports.FormRow, len(s.Rows))}
		for i, row := range s.Rows {
			cs.Rows[i] = ports.FormRow{Label: clean(row.Label), Value: clean(row.Value), Wide: row.Wide}
		}
		out.Sections = append(out.Sections, cs)
	}
	for _, s := range doc.Signatures {
		out.Signatures = append(out.Signatures, clean(s))
	}
	return out
}

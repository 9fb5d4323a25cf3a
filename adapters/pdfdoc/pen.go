package pdfdoc

import (
	"github.com/go-pdf/fpdf"
)

// families are the fpdf font names of the Renderer's faces, by index.
var families = [...]string{"cjk", "latin"}

// mmPerPt converts points to millimetres.
const mmPerPt = 25.4 / 72

// standIns replace characters that neither face has, when the Chinese face
// has the stand-in: ASCII becomes full-width (２０２６), quotes corner brackets.
var standIns = map[rune]rune{
	' ': '\u3000', '“': '「', '”': '」', '‘': '『', '’': '』', '—': '－', '–': '－', '·': '・',
}

// glyph is how one character is printed: with which face, as which character,
// and its advance in 1/1000 em.
type glyph struct {
	face  int
	r     rune
	units int
}

// choose picks the face for c: the Chinese face if it has c, else the Latin
// face, else a stand-in from the Chinese face, else the Chinese face's
// missing-glyph box.
func (r *Renderer) choose(c rune) (int, rune) {
	for i, f := range r.faces {
		if f.cover.has(c) {
			return i, c
		}
	}
	s, ok := standIns[c]
	if !ok && c > ' ' && c < 0x7F {
		s, ok = c+0xFEE0, true
	}
	if ok && r.faces[0].cover.has(s) {
		return 0, s
	}
	return 0, c
}

// pen writes text on one document, switching faces character by character.
type pen struct {
	pdf   *fpdf.Fpdf
	r     *Renderer
	size  float64 // points
	face  int     // face selected in pdf
	cw    float64 // width of the form's blocks (wider when fitted to a page, then scaled)
	added [len(families)]bool
	l     lang // the language of the texts the renderer adds (locale.go)
}

// newPen starts writing on pdf with the Chinese face at the body size.
func newPen(pdf *fpdf.Fpdf, r *Renderer) *pen {
	p := &pen{pdf: pdf, r: r, size: sizeBody, face: -1, cw: contentW}
	p.use(0)
	return p
}

// use selects face i in the document, registering it on first use.
func (p *pen) use(i int) {
	if !p.added[i] {
		p.pdf.AddUTF8FontFromBytes(families[i], "", p.r.faces[i].bytes)
		p.added[i] = true
	}
	if p.face != i {
		p.pdf.SetFont(families[i], "", p.size)
		p.face = i
	}
}

// setSize sets the font size in points.
func (p *pen) setSize(size float64) {
	p.size = size
	p.pdf.SetFontSize(size)
}

// glyph returns how c is printed, measuring it once per Renderer.
func (p *pen) glyph(c rune) glyph {
	if g, ok := p.r.glyphs.Load(c); ok {
		return g.(glyph)
	}
	face, out := p.r.choose(c)
	p.use(face)
	g := glyph{face: face, r: out, units: p.pdf.GetStringSymbolWidth(string(out))}
	p.r.glyphs.Store(c, g)
	return g
}

// width is the printed width of s in millimetres at the current size.
func (p *pen) width(s string) float64 {
	units := 0
	for _, c := range s {
		units += p.glyph(c).units
	}
	return float64(units) * p.size / 1000 * mmPerPt
}

// run is a piece of a line printed with one face.
type run struct {
	face int
	text []rune
	w    float64
}

// runs splits s into pieces by face, with stand-ins applied.
func (p *pen) runs(s string) []run {
	var out []run
	for _, c := range s {
		g := p.glyph(c)
		w := float64(g.units) * p.size / 1000 * mmPerPt
		if n := len(out); n > 0 && out[n-1].face == g.face {
			out[n-1].text = append(out[n-1].text, g.r)
			out[n-1].w += w
			continue
		}
		out = append(out, run{face: g.face, text: []rune{g.r}, w: w})
	}
	return out
}

// text writes s on one line in the box x, y, w, h (the baseline centred in
// h), aligned "L", "C" or "R".
func (p *pen) text(x, y, w, h float64, s, align string) {
	runs := p.runs(s)
	total := 0.0
	for _, rn := range runs {
		total += rn.w
	}
	switch align {
	case "C":
		x += (w - total) / 2
	case "R":
		x += w - total
	}
	for _, rn := range runs {
		p.use(rn.face)
		p.pdf.SetXY(x, y)
		p.pdf.CellFormat(rn.w, h, string(rn.text), "", 0, "L", false, 0, "")
		x += rn.w
	}
}

// lines writes lines from top y with pitch lh in the column x..x+w.
func (p *pen) lines(x, y, w, lh float64, lines []string, align string) {
	for i, s := range lines {
		p.text(x, y+float64(i)*lh, w, lh, s, align)
	}
}

// bold writes with filled and stroked glyphs: the fonts have one weight.
func (p *pen) bold(draw func()) {
	p.pdf.SetLineWidth(0.15)
	p.pdf.SetTextRenderingMode(2)
	draw()
	p.pdf.SetTextRenderingMode(0)
	p.pdf.SetLineWidth(ruleW)
}

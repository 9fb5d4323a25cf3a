package pdfdoc

import "github.com/openassoc/membership/ports"

// Page geometry in millimetres, font sizes in points.
const (
	pageW    = 210.0 // A4
	pageH    = 297.0
	marginX  = 20.0
	contentW = pageW - 2*marginX
	topFirst = 18.0 // first page: the title starts here
	topNext  = 24.0 // later pages: below the running header

	labelW     = 40.0 // label column of a two-column row
	padX       = 2.5  // text inset in a cell
	padY       = 1.2
	lineH      = 4.9 // body line pitch (10.5 pt, about 1.3 lines)
	minRowH    = 7.4
	sectionH   = 7.0 // section header row
	sectionGap = 2.5 // space above a section's table
	minSplit   = 3   // fewest value lines left on a page when a row must split

	sizeTitle    = 18.0 // 小二
	sizeSubtitle = 12.0 // 小四
	sizeSection  = 11.0
	sizeBody     = 10.5 // 五号
	sizeSmall    = 8.0

	smallLineH = 3.6
	pageNoY    = pageH - 14.0 // top of the 「第 n 页」 line
)

// continued marks a section or row that goes on from the previous page.
const continued = "（续）"

// block is a unit of the page flow with its height; paginate gives it a y.
type block struct {
	h    float64
	draw func(y float64)
	// header marks a section header, kept on the page of the block after it.
	header bool
	// minH is the height that must fit below a header for the header to stay.
	minH float64
	// cont is the header repeated when the block's section goes on to a new page.
	cont *block
	// split, for rows, cuts the block so that first fits avail (ok false when
	// too little fits); only used for a block taller than a whole page.
	split func(avail float64) (first, rest *block, ok bool)
}

// placed is a block at its position on a page.
type placed struct {
	block *block
	y     float64
}

// docLayout is a document measured into blocks, with the page frame texts.
type docLayout struct {
	blocks  []*block
	running string   // running header on pages after the first
	footer  []string // wrapped footer lines
	bottom  float64  // lowest y of the page body
}

// layout measures doc into blocks with the pen's fonts.
func layout(p *pen, doc ports.FormDocument) docLayout {
	var l docLayout
	if b := titleBlock(p, doc.Title, doc.Subtitle); b != nil {
		l.blocks = append(l.blocks, b)
	}
	for _, s := range doc.Sections {
		var cont *block
		if s.Title != "" {
			l.blocks = append(l.blocks, sectionBlock(p, s.Title, sectionGap))
			cont = sectionBlock(p, s.Title+p.l.t(continued), 0)
		}
		for _, b := range rowBlocks(p, s.Rows) {
			b.cont = cont
			l.blocks = append(l.blocks, b)
		}
	}
	if b := signatureBlock(p, doc.Signatures); b != nil {
		l.blocks = append(l.blocks, b)
	}
	for i, b := range l.blocks {
		if b.header && i+1 < len(l.blocks) {
			b.minH = l.blocks[i+1].minH
		}
	}
	p.setSize(sizeSmall)
	if doc.Footer != "" {
		l.footer = wrap(doc.Footer, contentW, p.width)
	}
	l.running = runningHeader(p, doc.Title, doc.Subtitle)
	l.bottom = footerTop(len(l.footer)) - 3
	return l
}

// rowBlocks makes a section's rows into blocks, pairing consecutive short
// narrow rows side by side.
func rowBlocks(p *pen, rows []ports.FormRow) []*block {
	var out []*block
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if i+1 < len(rows) && !r.Wide && !rows[i+1].Wide {
			n := rows[i+1]
			if b := pairRows(p, [2]string{r.Label, r.Value}, [2]string{n.Label, n.Value}); b != nil {
				out = append(out, b)
				i++
				continue
			}
		}
		out = append(out, newRow(p, r.Label, r.Value, r.Wide).block())
	}
	return out
}

// footerTop is the y of the rule above the footer of n lines.
func footerTop(n int) float64 {
	return pageNoY - float64(n)*smallLineH - 1.5
}

// runningHeader is title and subtitle on one line, shortened to fit.
func runningHeader(p *pen, title, subtitle string) string {
	s := title
	if subtitle != "" {
		s += "　" + subtitle
	}
	p.setSize(sizeSmall)
	if lines := wrap(s, contentW, p.width); len(lines) > 1 {
		return wrap(s, contentW-p.width("…"), p.width)[0] + "…"
	}
	return s
}

// paginate assigns blocks to pages whose body ends at bottom.
func paginate(blocks []*block, bottom float64) [][]placed {
	pages := [][]placed{nil}
	y, fresh := topFirst, true
	put := func(b *block) {
		pages[len(pages)-1] = append(pages[len(pages)-1], placed{b, y})
		y += b.h
	}
	queue := append([]*block(nil), blocks...)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		need := b.h
		if b.header {
			need = b.h + b.minH
		}
		fits := y+need <= bottom
		// A row taller than a page (under a repeated header) is split to fill it.
		tall := b.split != nil && b.h > bottom-topNext-sectionH
		if !fits && tall {
			if first, rest, ok := b.split(bottom - y); ok {
				rest.cont = b.cont
				put(first)
				fresh = false
				queue = append([]*block{rest}, queue...)
				continue
			}
		}
		if fits || fresh { // fits, or never will: a fresh page is the best place
			put(b)
			fresh = false
			continue
		}
		pages = append(pages, nil)
		y, fresh = topNext, true
		if b.cont != nil {
			put(b.cont)
		}
		queue = append([]*block{b}, queue...)
	}
	return pages
}

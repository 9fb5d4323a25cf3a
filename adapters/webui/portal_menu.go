package webui

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// MenuHTML is the left menu's items, written here (escaped) rather than by
// the layout's template: a back-office page has fifteen of them, and ranging
// over them in html/template cost more than the rest of the layout. The
// output is the template's, byte for byte (TestMenuHTMLIsTheTemplates).
func (p *portal) MenuHTML() template.HTML {
	var b strings.Builder
	for _, l := range p.Menu {
		b.WriteString(`<li><a href="`)
		b.WriteString(html.EscapeString(l.Href)) // the menu's own paths (menu.go): plain ASCII
		b.WriteString(`"`)
		if l.Active {
			b.WriteString(` class="is-active" aria-current="page"`)
		}
		b.WriteString(`>`)
		b.WriteString(html.EscapeString(l.Label))
		if l.Count != 0 {
			b.WriteString(`<span class="badge badge--count sidemenu__badge">`)
			b.WriteString(strconv.Itoa(l.Count))
			b.WriteString(`<span class="visually-hidden">项待处理</span></span>`)
		}
		b.WriteString("</a></li>\n      ")
	}
	return template.HTML(b.String()) // #nosec G203 -- escaped above
}

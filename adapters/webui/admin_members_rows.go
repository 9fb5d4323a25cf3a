package webui

import (
	"html"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/query"
)

// memberRows writes the rows of the list's table, escaped here rather than by
// the template: html/template calls its escapers through reflection for each
// of the two hundred values of a page, which cost more than the rest of the
// request together.
func memberRows(items []query.MemberListItem) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 900)
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	orMuted := func(s, muted string) {
		if s == "" {
			b.WriteString(`<span class="muted">` + muted + `</span>`)
			return
		}
		esc(s)
	}
	dayOrDash := func(t time.Time) {
		if t.IsZero() {
			b.WriteString(`<span class="muted">—</span>`)
			return
		}
		esc(calendarDay(t))
	}
	for _, it := range items {
		b.WriteString(`<tr data-member-id="`)
		esc(it.ID)
		b.WriteString(`">` + "\n" + `<td class="select-cell"><input type="checkbox" name="ids" form="export-selected" value="`)
		esc(it.ID)
		b.WriteString(`" aria-label="选择 `)
		esc(it.Name)
		b.WriteString(`"></td>` + "\n" + `<td class="mono nowrap">`)
		orMuted(it.Number, "未分配")
		b.WriteString(`</td>` + "\n" + `<td><a href="/admin/members/`)
		esc(url.PathEscape(it.ID))
		b.WriteString(`">`)
		esc(it.Name)
		b.WriteString(`</a>`)
		if it.USCC != "" {
			b.WriteString(`<br><span class="muted mono">`)
			esc(it.USCC)
			b.WriteString(`</span>`)
		}
		b.WriteString(`</td>` + "\n" + `<td class="nowrap">`)
		esc(it.KindLabel)
		b.WriteString(`<br><span class="muted">`)
		esc(string(it.Level))
		b.WriteString(`</span></td>` + "\n" + `<td class="nowrap">`)
		orMuted(it.ProvinceLabel, "—")
		b.WriteString(`</td>` + "\n" + `<td>`)
		orMuted(it.IndustryLabel, "—")
		b.WriteString(`</td>` + "\n" + `<td><span class="tag tag--` + statusTone(it.StatusLabel) + `">`)
		esc(it.StatusLabel)
		b.WriteString(`</span></td>` + "\n" + `<td class="nowrap">`)
		esc(it.FeeLabel)
		b.WriteString(`</td>` + "\n" + `<td class="nowrap">`)
		dayOrDash(it.JoinedOn)
		b.WriteString(`</td>` + "\n" + `<td class="nowrap">`)
		dayOrDash(it.ValidUntil)
		b.WriteString(`</td>` + "\n" + `<td>`)
		esc(it.ContactName)
		if it.ContactPhone != "" {
			b.WriteString(`<br><span class="muted">`)
			esc(it.ContactPhone)
			b.WriteString(`</span>`)
		}
		b.WriteString(`<br><span class="muted">`)
		esc(it.Email)
		b.WriteString(`</span></td>` + "\n" + `</tr>` + "\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}

// filterItems writes the filters' selects, each with its label and its
// options (facetSelect.Options, written already).
func filterItems(selects []facetSelect) template.HTML {
	var b strings.Builder
	for _, f := range selects {
		p := html.EscapeString(f.Param)
		b.WriteString(`<div class="member-filters__item">` + "\n" + `<label for="f-` + p + `">`)
		b.WriteString(html.EscapeString(f.Label))
		b.WriteString(`</label>` + "\n" + `<select id="f-` + p + `" class="input" name="` + p + `">` + "\n" +
			`<option value="">全部</option>` + "\n")
		b.WriteString(string(f.Options))
		b.WriteString("\n</select>\n</div>\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above or in facetSelects
}

// optionsHTML writes a select's options.
func optionsHTML(options []optionView) template.HTML {
	var b strings.Builder
	for _, o := range options {
		b.WriteString(`<option value="` + html.EscapeString(o.Value) + `"`)
		if o.Selected {
			b.WriteString(" selected")
		}
		b.WriteString(">" + html.EscapeString(o.Label) + "</option>\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}

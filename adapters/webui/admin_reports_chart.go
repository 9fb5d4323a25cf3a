package webui

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// The charts of 统计报表 are drawn here as inline SVG: no script, no request to
// any other site, nothing for the page's Content-Security-Policy to allow (the
// colours come from app.css classes, no style attribute). Each chart is an
// image for assistive technology (role="img" with its <title> and <desc>), and
// the page puts its table beside it, which carries the same numbers.

// chartBar is one category of a bar chart.
type chartBar struct {
	Label string
	Value float64
	Text  string // the value as written at the bar's end
}

// chartSeries is one stacked part of a column chart.
type chartSeries struct {
	Label  string
	Values []float64
}

// chartSpec is what a chart says about itself: its id (for aria references),
// title and description.
type chartSpec struct {
	ID    string
	Title string
	Desc  string
}

// svgOpen starts an SVG of the view box with its title and description.
func svgOpen(b *strings.Builder, s chartSpec, w, h int) {
	id := html.EscapeString(s.ID)
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" `+
		`aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(s.Title), id,
		html.EscapeString(s.Desc))
}

// barChart draws horizontal bars, one per category, labelled on the left and
// with their value at the end: categories with long Chinese names (provinces,
// industries) stay readable on a phone.
func barChart(s chartSpec, bars []chartBar) template.HTML {
	const (
		width, labelW, rowH, pad = 480, 150, 26, 6
		barMax                   = width - labelW - 70
	)
	height := len(bars)*rowH + 2*pad
	most := 0.0
	for _, b := range bars {
		most = max(most, b.Value)
	}
	var sb strings.Builder
	svgOpen(&sb, s, width, height)
	for i, b := range bars {
		y := pad + i*rowH
		w := 0.0
		if most > 0 {
			w = b.Value / most * barMax
		}
		fmt.Fprintf(&sb, `<text class="chart__label" x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`,
			labelW-8, y+rowH/2+5, html.EscapeString(shorten(b.Label, labelRunes(b.Label))))
		fmt.Fprintf(&sb, `<rect class="chart__bar chart__bar--%d" x="%d" y="%d" width="%.1f" height="%d" rx="2" `+
			`fill="#1f6fd1"/>`, i%2, labelW, y+4, w, rowH-8)
		fmt.Fprintf(&sb, `<text class="chart__value" x="%.1f" y="%d" font-size="12">%s</text>`,
			float64(labelW)+w+6, y+rowH/2+5, html.EscapeString(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // #nosec G203 -- every text escaped above
}

// columnChart draws a column per label (months), each stacked from the series
// (channels), with a baseline, the highest value on the axis and every n-th
// label below.
func columnChart(s chartSpec, labels []string, series []chartSeries, axis func(float64) string) template.HTML {
	const (
		width, height, left, top, bottom = 560, 240, 64, 16, 36
		plotH                            = height - top - bottom
	)
	totals := make([]float64, len(labels))
	most := 0.0
	for i := range labels {
		for _, se := range series {
			totals[i] += se.Values[i]
		}
		most = max(most, totals[i])
	}
	slot := float64(width-left-8) / float64(max(len(labels), 1))
	var sb strings.Builder
	svgOpen(&sb, s, width, height)
	fmt.Fprintf(&sb, `<line class="chart__axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#c9d2de"/>`,
		left, top+plotH, width-8, top+plotH)
	fmt.Fprintf(&sb, `<text class="chart__label" x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`,
		left-6, top+8, html.EscapeString(axis(most)))
	fmt.Fprintf(&sb, `<text class="chart__label" x="%d" y="%d" text-anchor="end" font-size="12">0</text>`,
		left-6, top+plotH)
	every := max(1, (len(labels)+11)/12)
	for i, l := range labels {
		x := float64(left) + float64(i)*slot + slot*0.15
		y := float64(top + plotH)
		for j, se := range series {
			if most == 0 || se.Values[i] == 0 {
				continue
			}
			h := se.Values[i] / most * plotH
			y -= h
			fmt.Fprintf(&sb, `<rect class="chart__bar chart__bar--s%d" x="%.1f" y="%.1f" width="%.1f" `+
				`height="%.1f" fill="#1f6fd1"/>`, j, x, y, slot*0.7, h)
		}
		if i%every == 0 {
			fmt.Fprintf(&sb, `<text class="chart__label" x="%.1f" y="%d" text-anchor="middle" font-size="11">%s</text>`,
				x+slot*0.35, height-bottom+16, html.EscapeString(l))
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // #nosec G203 -- every text escaped above
}

// shorten cuts a label to n runes with an ellipsis (the table beside the chart
// has it whole).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

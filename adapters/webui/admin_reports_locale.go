package webui

import (
	"slices"
	"strings"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/i18n"
)

// localizeReports puts the bars' labels of a report into the staff member's
// language before the charts are drawn, so that a chart measures the text it
// shows (an English label is longer than its Chinese). The tables beside the
// charts are translated when the page is rendered anyway.
func localizeReports(r query.ReportsView, tr func(string) string) query.ReportsView {
	bars := func(in []query.ReportBar, tr func(string) string) []query.ReportBar {
		out := slices.Clone(in)
		for i := range out {
			out[i].Label = tr(out[i].Label)
		}
		return out
	}
	// An industry is its GB/T 4754 section letter and its name: 「C 制造业」.
	industry := func(s string) string {
		if code, name, ok := strings.Cut(s, " "); ok && len(code) == 1 {
			return code + " " + tr(name)
		}
		return tr(s)
	}
	m := &r.Members
	m.ByKind, m.ByLevel, m.ByProv, m.ByStatus = bars(m.ByKind, tr), bars(m.ByLevel, tr), bars(m.ByProv, tr),
		bars(m.ByStatus, tr)
	m.ByInd = bars(m.ByInd, industry)
	r.Renewals = bars(r.Renewals, tr)
	return r
}

// labelRunes is how many runes of a bar's label the chart shows: eleven
// Chinese characters, or twenty of a translation (narrower letters).
func labelRunes(label string) int {
	if i18n.NeedsTranslation(label) {
		return 11
	}
	return 20
}

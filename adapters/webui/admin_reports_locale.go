package webui

import (
	"slices"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/i18n"
)

// localizeReports puts the bars' labels of a report into the staff member's
// language before the charts are drawn, so that a chart measures the text it
// shows (an English label is longer than its Chinese). The tables beside the
// charts are translated when the page is rendered anyway.
func localizeReports(r query.ReportsView, tr func(string) string) query.ReportsView {
	bars := func(in []query.ReportBar) []query.ReportBar {
		out := slices.Clone(in)
		for i := range out {
			out[i].Label = tr(out[i].Label)
		}
		return out
	}
	m := &r.Members
	m.ByKind, m.ByLevel, m.ByProv, m.ByInd, m.ByStatus = bars(m.ByKind), bars(m.ByLevel), bars(m.ByProv),
		bars(m.ByInd), bars(m.ByStatus)
	r.Renewals = bars(r.Renewals)
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

package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// reportBarJSON is one row of a report (schema ReportBar).
type reportBarJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// memberBreakdownJSON is the members section (schema MemberBreakdown).
type memberBreakdownJSON struct {
	Valid      int             `json:"valid"`
	Accounts   int             `json:"accounts"`
	ByKind     []reportBarJSON `json:"by_kind"`
	ByLevel    []reportBarJSON `json:"by_level"`
	ByProvince []reportBarJSON `json:"by_province"`
	ByIndustry []reportBarJSON `json:"by_industry"`
	ByStatus   []reportBarJSON `json:"by_status"`
}

// joinedJSON is the new members per month (schema JoinedReport).
type joinedJSON struct {
	Total  int             `json:"total"`
	Months []reportBarJSON `json:"months"`
}

// incomeCellJSON is the income of a month or a year (schema IncomeCell).
type incomeCellJSON struct {
	Key       string           `json:"key"`
	Label     string           `json:"label"`
	Fen       int64            `json:"fen"`
	Count     int              `json:"count"`
	ByChannel map[string]int64 `json:"by_channel"`
}

// channelJSON is an income channel with its label (schema IncomeChannel).
type channelJSON struct {
	Channel string `json:"channel"`
	Label   string `json:"label"`
}

// incomeJSON is the income section (schema IncomeReport).
type incomeJSON struct {
	Channels []channelJSON    `json:"channels"`
	Total    incomeCellJSON   `json:"total"`
	Months   []incomeCellJSON `json:"months"`
	Years    []incomeCellJSON `json:"years"`
}

// lapseJSON is the lapse rate (schema LapseReport).
type lapseJSON struct {
	From         string  `json:"from"`
	To           string  `json:"to"`
	Ended        int     `json:"ended"`
	Renewed      int     `json:"renewed"`
	NotRenewed   int     `json:"not_renewed"`
	RatePermille *int    `json:"rate_permille"`
	Rate         *string `json:"rate"`
}

// reportsJSON is GET /reports (schema Reports): the sections not asked for
// are null.
type reportsJSON struct {
	Year     int                  `json:"year"`
	Months   int                  `json:"months"`
	Today    string               `json:"today"`
	Sections []string             `json:"sections"`
	Members  *memberBreakdownJSON `json:"members"`
	Joined   *joinedJSON          `json:"joined"`
	Income   *incomeJSON          `json:"income"`
	Renewals []reportBarJSON      `json:"renewals"`
	Lapse    *lapseJSON           `json:"lapse"`
}

// getReports is GET /reports: 统计报表 as figures, the sections of the query
// (sections=members,income …; none: all) for the year and months asked.
// Finance, the secretariat and the admin.
func (a *API) getReports(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var v apperr.Validation
	q := query.Reports{Principal: s.Principal, Year: intParam(req, "year", &v), Months: intParam(req, "months", &v)}
	for _, sec := range strings.Split(req.URL.Query().Get("sections"), ",") {
		if sec = strings.TrimSpace(sec); sec != "" {
			q.Sections = append(q.Sections, query.ReportSection(sec))
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	r, err := a.app.Queries.Reports.Handle(req.Context(), q)
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newReportsJSON(r))
}

func newReportsJSON(r query.ReportsView) reportsJSON {
	out := reportsJSON{Year: r.Year, Months: r.Months, Today: r.Today.Format(time.DateOnly), Sections: []string{}}
	for _, s := range r.Sections {
		out.Sections = append(out.Sections, string(s))
	}
	if r.Has(query.SectionMembers) {
		m := r.Members
		out.Members = &memberBreakdownJSON{Valid: m.Valid, Accounts: m.Accounts, ByKind: barsJSON(m.ByKind),
			ByLevel: barsJSON(m.ByLevel), ByProvince: barsJSON(m.ByProv), ByIndustry: barsJSON(m.ByInd),
			ByStatus: barsJSON(m.ByStatus)}
	}
	if r.Has(query.SectionJoined) {
		out.Joined = &joinedJSON{Total: r.JoinedTotal, Months: barsJSON(r.Joined)}
	}
	if r.Has(query.SectionIncome) {
		out.Income = newIncomeJSON(r.Income)
	}
	if r.Has(query.SectionRenewals) {
		out.Renewals = barsJSON(r.Renewals)
	}
	if r.Has(query.SectionLapse) {
		l := r.Lapse
		out.Lapse = &lapseJSON{From: l.From.Format(time.DateOnly), To: l.To.Format(time.DateOnly), Ended: l.Ended,
			Renewed: l.Renewed, NotRenewed: l.NotRenewed}
		if l.Ended > 0 {
			rate := l.Rate()
			out.Lapse.RatePermille, out.Lapse.Rate = &l.Permille, &rate
		}
	}
	return out
}

func barsJSON(bars []query.ReportBar) []reportBarJSON {
	out := make([]reportBarJSON, len(bars))
	for i, b := range bars {
		out[i] = reportBarJSON{Key: b.Key, Label: b.Label, Count: b.N}
	}
	return out
}

func newIncomeJSON(in query.IncomeView) *incomeJSON {
	out := &incomeJSON{Channels: make([]channelJSON, len(in.Channels))}
	cell := func(c query.IncomeCell) incomeCellJSON {
		j := incomeCellJSON{Key: c.Key, Label: c.Label, Fen: c.Fen, Count: c.Count, ByChannel: map[string]int64{}}
		for i, ch := range in.Channels {
			j.ByChannel[string(ch.Channel)] = c.ByChannel[i]
		}
		return j
	}
	for i, c := range in.Channels {
		out.Channels[i] = channelJSON{Channel: string(c.Channel), Label: c.Label}
	}
	out.Total = cell(in.Total)
	for _, c := range in.Months {
		out.Months = append(out.Months, cell(c))
	}
	for _, c := range in.Years {
		out.Years = append(out.Years, cell(c))
	}
	return out
}

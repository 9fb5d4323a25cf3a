package webui

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminReportsPath is 统计报表.
const adminReportsPath = "/admin/reports"

// reportsView is the data of 统计报表: the period's form, then each report as
// a chart with its table beside it.
type reportsView struct {
	R          query.ReportsView
	Years      []optionView
	Months     []optionView
	Breakdowns []breakdownView
	Joined     template.HTML
	IncomeM    template.HTML
	IncomeY    template.HTML
	// IncomeMTable and IncomeYTable are the income charts' tables.
	IncomeMTable incomeTable
	IncomeYTable incomeTable
	Renewals     template.HTML
	Lapse        template.HTML
}

// incomeTable is the table beside an income chart: a row per month or year,
// a column per channel, and the year's total (nil for the years' table).
type incomeTable struct {
	Caption, Head string
	Channels      []query.IncomeChannelLabel
	Cells         []query.IncomeCell
	Total         *query.IncomeCell
}

// breakdownView is one breakdown of the members: its chart and its rows.
type breakdownView struct {
	ID, Title, Head, Caption, Empty string
	Chart                           template.HTML
	Rows                            []reportRow
	Total                           int
}

// reportRow is one row of a breakdown's table: the count and its share.
type reportRow struct {
	Label string
	N     int
	Share string // 12.5%
}

// adminReports is 统计报表 for the secretariat, finance and the admin: the
// period (year, and the months of the joining chart) lives in the URL. A bad
// value is named and left out: the page shows the default period.
func (u *UI) adminReports(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	raw := req.URL.Query()
	p := u.newPage(w, req, "")
	status := http.StatusOK
	r, err := u.reports(req, sc, raw)
	var msgs []string
	// A bad value is dropped and the query asked again (at most once per
	// field: the URL's own values, then the core's range checks).
	for try := 0; try < 3 && err != nil; try++ {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid {
			break
		}
		status = httpkit.Status(e.Kind)
		for _, fe := range e.Fields {
			msgs = append(msgs, fe.Message)
			raw.Del(fe.Field)
		}
		r, err = u.reports(req, sc, raw)
	}
	if len(msgs) > 0 {
		p.Form = newForm()
		p.Form.Message = "以下统计条件有误，已改用默认值：" + strings.Join(msgs, "；")
	}
	if err != nil {
		return u.showError(w, req, err)
	}
	p.Portal = u.staffPortal(sc, "reports")
	if locale := u.locale(req.Request); locale != i18n.Chinese {
		r = localizeReports(r, func(s string) string { return u.cat.T(locale, s) })
	}
	p.Data = newReportsView(r)
	u.render(w, req, status, "admin_reports.html", p)
	return nil
}

// reports asks the core for the period of the query.
func (u *UI) reports(req bunrouter.Request, sc *staffCtx, q url.Values) (query.ReportsView, error) {
	rq := query.Reports{Principal: sc.Session.Principal}
	var bad apperr.Validation
	for field, dst := range map[string]*int{"year": &rq.Year, "months": &rq.Months} {
		if s := strings.TrimSpace(q.Get(field)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				bad.Add(field, field+"_invalid", map[string]string{"year": "统计年度应为四位数字年份",
					"months": "新增会员统计的月数只能为 12 或 24"}[field])
			}
			*dst = n
		}
	}
	if err := bad.Err(); err != nil {
		return query.ReportsView{}, err
	}
	return u.app.Queries.Reports.Handle(req.Context(), rq)
}

func newReportsView(r query.ReportsView) reportsView {
	v := reportsView{R: r}
	for y := r.ThisYear; y >= max(query.FirstReportYear, r.ThisYear-9); y-- {
		v.Years = append(v.Years, optionView{Value: strconv.Itoa(y), Label: fmt.Sprintf("%d年", y),
			Selected: y == r.Year})
	}
	for _, m := range query.ReportMonths() {
		v.Months = append(v.Months, optionView{Value: strconv.Itoa(m), Label: fmt.Sprintf("近 %d 个月", m),
			Selected: m == r.Months})
	}
	m := r.Members
	v.Breakdowns = []breakdownView{
		breakdown("by-kind", "按会员类别", "会员类别", "有效会员", m.ByKind, "暂无有效会员：秘书处审批通过后，会员即计入统计。"),
		breakdown("by-level", "按会员级别", "会员级别", "有效会员", m.ByLevel, "暂无有效会员。"),
		breakdown("by-province", "按所在省份", "所在省份", "有效会员", m.ByProv, "暂无有效会员。"),
		breakdown("by-industry", "按所属行业（GB/T 4754 门类）", "所属行业", "有效会员", m.ByInd,
			"暂无有效会员。"),
		breakdown("by-status", "按会员状态（全部账号）", "会员状态", "全部账号", m.ByStatus,
			"暂无账号：会员注册后即计入统计。"),
	}
	v.Joined = joinedChart(r)
	v.IncomeM, v.IncomeY = incomeCharts(r)
	total := r.Income.Total
	v.IncomeMTable = incomeTable{Caption: fmt.Sprintf("%d年每月会费收入", r.Year), Head: "月份",
		Channels: r.Income.Channels, Cells: r.Income.Months, Total: &total}
	v.IncomeYTable = incomeTable{Caption: "每年会费收入", Head: "年度", Channels: r.Income.Channels,
		Cells: r.Income.Years}
	renewals := make([]chartBar, len(r.Renewals))
	for i, b := range r.Renewals {
		renewals[i] = chartBar{Label: b.Label, Value: float64(b.N), Text: strconv.Itoa(b.N)}
	}
	v.Renewals = barChart(chartSpec{ID: "chart-renewals", Title: "待续费会员",
		Desc: "有效期将在今日起 30、60、90 天内到期的有效会员人数"}, renewals)
	l := r.Lapse
	v.Lapse = barChart(chartSpec{ID: "chart-lapse", Title: fmt.Sprintf("%d年到期会员的续费情况", r.Year),
		Desc: fmt.Sprintf("有效期届满 %d 位，已续费 %d 位，未续费 %d 位，流失率 %s", l.Ended, l.Renewed, l.NotRenewed,
			l.Rate())}, []chartBar{
		{Label: "已续费", Value: float64(l.Renewed), Text: strconv.Itoa(l.Renewed)},
		{Label: "未续费", Value: float64(l.NotRenewed), Text: strconv.Itoa(l.NotRenewed)},
	})
	return v
}

// breakdown is one breakdown's chart and table.
func breakdown(id, title, head, caption string, rows []query.ReportBar, empty string) breakdownView {
	b := breakdownView{ID: id, Title: title, Head: head, Caption: caption}
	bars := make([]chartBar, len(rows))
	for i, r := range rows {
		bars[i] = chartBar{Label: r.Label, Value: float64(r.N), Text: strconv.Itoa(r.N)}
		b.Total += r.N
	}
	if b.Total == 0 {
		b.Empty = empty
		return b
	}
	for _, r := range rows {
		permille := (r.N*1000 + b.Total/2) / b.Total
		b.Rows = append(b.Rows, reportRow{Label: r.Label, N: r.N,
			Share: fmt.Sprintf("%d.%d%%", permille/10, permille%10)})
	}
	b.Chart = barChart(chartSpec{ID: "chart-" + id, Title: caption + title,
		Desc: fmt.Sprintf("%s共 %d 位，分 %d 类", caption, b.Total, len(rows))}, bars)
	return b
}

// joinedChart is the columns of new members per month.
func joinedChart(r query.ReportsView) template.HTML {
	labels := make([]string, len(r.Joined))
	values := make([]float64, len(r.Joined))
	for i, b := range r.Joined {
		labels[i] = fmt.Sprintf("%d月", monthNumber(b.Key))
		values[i] = float64(b.N)
	}
	desc := fmt.Sprintf("近 %d 个月新增会员共 %d 位", r.Months, r.JoinedTotal)
	if len(r.Joined) > 0 {
		desc = fmt.Sprintf("%s至%s，新增会员共 %d 位", r.Joined[0].Label, r.Joined[len(r.Joined)-1].Label, r.JoinedTotal)
	}
	return columnChart(chartSpec{ID: "chart-joined", Title: "每月新增会员", Desc: desc}, labels,
		[]chartSeries{{Label: "新增会员", Values: values}}, func(f float64) string { return strconv.Itoa(int(f)) })
}

// incomeCharts are the stacked columns of the period's months and of the
// years, by channel.
func incomeCharts(r query.ReportsView) (template.HTML, template.HTML) {
	in := r.Income
	stack := func(cells []query.IncomeCell) ([]string, []chartSeries) {
		labels := make([]string, len(cells))
		series := make([]chartSeries, len(in.Channels))
		for j, c := range in.Channels {
			series[j] = chartSeries{Label: c.Label, Values: make([]float64, len(cells))}
		}
		for i, c := range cells {
			labels[i] = c.Label
			for j := range in.Channels {
				series[j].Values[i] = float64(c.ByChannel[j])
			}
		}
		return labels, series
	}
	yuan := func(f float64) string { return payment.Yuan(int64(f)) }
	ml, ms := stack(in.Months)
	months := columnChart(chartSpec{ID: "chart-income-months", Title: fmt.Sprintf("%d年每月会费收入", r.Year),
		Desc: fmt.Sprintf("%d年已确认的会费收入共 %s（%d 笔），按月份与缴费方式统计", r.Year, payment.Yuan(in.Total.Fen),
			in.Total.Count)}, ml, ms, yuan)
	if len(in.Years) == 0 {
		return months, ""
	}
	yl, ys := stack(in.Years)
	years := columnChart(chartSpec{ID: "chart-income-years", Title: "每年会费收入",
		Desc: fmt.Sprintf("%s至%s每年已确认的会费收入，按缴费方式统计", yl[0], yl[len(yl)-1])}, yl, ys, yuan)
	return months, years
}

// monthNumber is the month of a 2006-01 key.
func monthNumber(key string) int {
	if len(key) < 7 {
		return 0
	}
	n, _ := strconv.Atoi(key[5:7])
	return n
}

package query

import (
	"fmt"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ReportsView is the reports (统计报表) of a period: the sections asked for
// are filled in, the others stay empty.
type ReportsView struct {
	Year     int // the period (a calendar year)
	ThisYear int // the latest year the selector offers
	Months   int // the joining chart's length
	Today    time.Time
	Sections []ReportSection // the sections computed, in the page's order

	Members     MemberBreakdown
	Joined      []ReportBar // new members per month, oldest first, every month present
	JoinedTotal int
	Income      IncomeView
	Renewals    []ReportBar // members whose validity ends within 30, 60, 90 days of today
	Lapse       LapseView
}

// Has reports whether section s was computed.
func (v ReportsView) Has(s ReportSection) bool { return slices.Contains(v.Sections, s) }

// ReportBar is one bar of a chart and one row of its table.
type ReportBar struct {
	Key   string // the value (kind, province code, month 2026-03 …)
	Label string
	N     int
}

// MemberBreakdown counts the valid members (有效会员: active or expiring) by
// kind, level, province and industry, and every account by status.
type MemberBreakdown struct {
	Valid    int
	ByKind   []ReportBar
	ByLevel  []ReportBar
	ByProv   []ReportBar // provinces with members, most first, then 未填写
	ByInd    []ReportBar // GB/T 4754 sections with members, in code order, then 未填写
	Accounts int
	ByStatus []ReportBar // every lifecycle status, in lifecycle order
}

// newMemberBreakdown lays out the counts of the valid members and of all.
func newMemberBreakdown(valid, all ports.MemberFacets) MemberBreakdown {
	var b MemberBreakdown
	for _, k := range []member.Kind{member.Enterprise, member.Individual} {
		b.ByKind = append(b.ByKind, ReportBar{Key: string(k), Label: k.Label(), N: valid[ports.FacetKind][string(k)]})
		b.Valid += valid[ports.FacetKind][string(k)]
	}
	levels := member.Levels()
	for l := range valid[ports.FacetLevel] {
		if !slices.Contains(levels, member.Level(l)) {
			levels = append(levels, member.Level(l))
		}
	}
	for _, l := range levels {
		if n := valid[ports.FacetLevel][string(l)]; n > 0 {
			b.ByLevel = append(b.ByLevel, ReportBar{Key: string(l), Label: labelOr(string(l)), N: n})
		}
	}
	b.ByProv = optionBars(application.Provinces(), valid[ports.FacetProvince], false)
	slices.SortStableFunc(b.ByProv, func(a, c ReportBar) int {
		switch {
		case a.Key == "" && c.Key != "":
			return 1
		case a.Key != "" && c.Key == "":
			return -1
		}
		return c.N - a.N
	})
	b.ByInd = optionBars(application.Industries(), valid[ports.FacetIndustry], true)
	statuses := member.AllStatuses()
	for s := range all[ports.FacetStatus] {
		if !slices.Contains(statuses, member.Status(s)) {
			statuses = append(statuses, member.Status(s))
		}
	}
	for _, s := range statuses {
		n := all[ports.FacetStatus][string(s)]
		b.ByStatus = append(b.ByStatus, ReportBar{Key: string(s), Label: labelOr(s.Label()), N: n})
		b.Accounts += n
	}
	return b
}

// optionBars are the options with members, in their order, then those
// without a value (未填写) when there are any.
func optionBars(opts []application.Option, counts map[string]int, withCode bool) []ReportBar {
	var out []ReportBar
	for _, o := range opts {
		if n := counts[o.Code]; n > 0 {
			label := o.Label
			if withCode {
				label = o.Code + " " + o.Label
			}
			out = append(out, ReportBar{Key: o.Code, Label: label, N: n})
		}
	}
	if n := counts[""]; n > 0 {
		out = append(out, ReportBar{Key: "", Label: noneLabel, N: n})
	}
	return out
}

func labelOr(s string) string {
	if s == "" {
		return "未设置"
	}
	return s
}

// IncomeView is the confirmed fee income: per month of the period and per
// year of the IncomeYears up to it, each split by channel.
type IncomeView struct {
	Channels []IncomeChannelLabel
	Months   []IncomeCell // the period's twelve months
	Years    []IncomeCell // oldest first, the period's last
	Total    IncomeCell   // the period's
}

// IncomeChannelLabel is a channel with its label.
type IncomeChannelLabel struct {
	Channel ports.IncomeChannel
	Label   string
}

// ChannelLabel is the Chinese label of a channel.
func ChannelLabel(c ports.IncomeChannel) string {
	switch c {
	case ports.ChannelVoucher:
		return "转账（缴费凭证）"
	case ports.ChannelOnline:
		return "在线支付"
	case ports.ChannelStatement:
		return "银行对账"
	}
	return "银行转账"
}

// IncomeCell is the income of one month or year: per channel (in the order of
// ports.IncomeChannels) and in all.
type IncomeCell struct {
	Key       string // 2026-03 or 2026
	Label     string
	ByChannel []int64 // fen
	Fen       int64
	Count     int
}

func newIncomeCell(key, label string) IncomeCell {
	return IncomeCell{Key: key, Label: label, ByChannel: make([]int64, len(ports.IncomeChannels()))}
}

func (c *IncomeCell) add(r ports.IncomeRow) {
	c.ByChannel[slices.Index(ports.IncomeChannels(), r.Channel)] += r.Fen
	c.Fen += r.Fen
	c.Count += r.Count
}

// newIncomeView sums the rows of the years first … last.
func newIncomeView(rows []ports.IncomeRow, first, last int) IncomeView {
	v := IncomeView{Total: newIncomeCell(fmt.Sprint(last), fmt.Sprintf("%d年", last))}
	for _, c := range ports.IncomeChannels() {
		v.Channels = append(v.Channels, IncomeChannelLabel{Channel: c, Label: ChannelLabel(c)})
	}
	for m := 1; m <= 12; m++ {
		month := time.Date(last, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		v.Months = append(v.Months, newIncomeCell(month.Format("2006-01"), fmt.Sprintf("%d月", m)))
	}
	for y := first; y <= last; y++ {
		v.Years = append(v.Years, newIncomeCell(fmt.Sprint(y), fmt.Sprintf("%d年", y)))
	}
	for _, r := range rows {
		v.Years[r.Month.Year()-first].add(r)
		if r.Month.Year() == last {
			v.Months[r.Month.Month()-1].add(r)
			v.Total.add(r)
		}
	}
	return v
}

// LapseView is the lapse rate (流失率) of the period: among the members whose
// validity ended between From and To (the period up to yesterday), the share
// that did not renew.
type LapseView struct {
	From, To   time.Time
	Renewed    int
	NotRenewed int
	Ended      int // Renewed + NotRenewed
	// Permille is NotRenewed ÷ Ended in thousandths (0 when none ended).
	Permille int
}

// Rate is the lapse rate as a percentage with one decimal (「—」 when no
// validity ended in the period).
func (l LapseView) Rate() string {
	if l.Ended == 0 {
		return "—"
	}
	return fmt.Sprintf("%d.%d%%", l.Permille/10, l.Permille%10)
}

func newLapseView(from, to time.Time, o ports.RenewalOutcome) LapseView {
	l := LapseView{From: from, To: to, Renewed: o.Renewed, NotRenewed: o.NotRenewed, Ended: o.Renewed + o.NotRenewed}
	if l.Ended > 0 {
		l.Permille = (o.NotRenewed*1000 + l.Ended/2) / l.Ended
	}
	return l
}

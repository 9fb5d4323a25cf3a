package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ReportsFixture is what the reports' suite needs: the repositories that
// change members and payments, and the reports, filing members in China
// Standard Time (cst).
type ReportsFixture struct {
	Members  ports.MemberRepository
	Payments ports.PaymentRepository
	Reports  ports.Reports
}

// RunReports checks the reports (统计报表): the breakdowns of all members and
// of the members in some statuses, members per month of joining (in the
// association's zone), confirmed income per month and channel, renewals due
// and the renewal outcome of a period.
func RunReports(t *testing.T, newFixture func(t *testing.T) ReportsFixture) {
	run(t, "member counts", func(t *testing.T) { reportMemberCounts(t, newFixture(t)) })
	run(t, "joined per month", func(t *testing.T) { reportJoined(t, newFixture(t)) })
	run(t, "income per month and channel", func(t *testing.T) { reportIncome(t, newFixture(t)) })
	run(t, "renewals due and renewal outcome", func(t *testing.T) { reportRenewals(t, newFixture(t)) })
	run(t, "empty store", func(t *testing.T) { reportEmpty(t, newFixture(t)) })
}

// reportMember adds an enterprise (province and industry on its form) approved
// at the instant and, when validFrom is set, active from that day for a year.
func reportMember(t *testing.T, f ReportsFixture, name, number, province, industry string, approvedAt,
	validFrom time.Time) *member.Member {
	t.Helper()
	m := register(t, member.Enterprise, name, number+"@example.com")
	ef := membertest.EnterpriseForm(name)
	ef.Province, ef.Industry = province, industry
	require.NoError(t, m.SaveEnterpriseForm(ef, true, approvedAt))
	_, err := m.AttachScan(membertest.Scan(m), approvedAt)
	require.NoError(t, err)
	require.NoError(t, m.Submit(true, approvedAt))
	require.NoError(t, m.Approve(number, approvedAt))
	if !validFrom.IsZero() {
		require.NoError(t, m.ConfirmPayment(approvedAt))
		require.NoError(t, m.ForwardToSecretariat(approvedAt))
		require.NoError(t, m.ApproveMembership("文号", validFrom, approvedAt))
	}
	require.NoError(t, f.Members.Add(context.Background(), m))
	return m
}

func reportMemberCounts(t *testing.T, f ReportsFixture) {
	at := epoch()
	reportMember(t, f, "北京甲公司", "19000001", "11", "C", at, today())
	reportMember(t, f, "北京乙公司", "19000002", "11", "J", at, today())
	reportMember(t, f, "上海丙公司", "19000003", "31", "C", at, time.Time{}) // approved, not active
	addMember(t, f.Members, member.Individual, "张三", "z@example.com")
	ctx := context.Background()

	all, err := f.Reports.MemberCounts(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"enterprise": 3, "individual": 1}, all[ports.FacetKind])
	assert.Equal(t, map[string]int{"active": 2, "approved": 1, "registered": 1}, all[ports.FacetStatus])
	assert.Equal(t, map[string]int{"11": 2, "31": 1, "": 1}, all[ports.FacetProvince])
	assert.Equal(t, map[string]int{"C": 2, "J": 1, "": 1}, all[ports.FacetIndustry])

	valid, err := f.Reports.MemberCounts(ctx, []member.Status{member.StatusActive, member.StatusExpiring})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"enterprise": 2}, valid[ports.FacetKind])
	assert.Equal(t, map[string]int{"active": 2}, valid[ports.FacetStatus])
	assert.Equal(t, map[string]int{"11": 2}, valid[ports.FacetProvince])
	assert.Equal(t, map[string]int{"C": 1, "J": 1}, valid[ports.FacetIndustry])
	assert.Equal(t, map[string]int{string(member.LevelOrdinary): 2}, valid[ports.FacetLevel])
}

func reportJoined(t *testing.T, f ReportsFixture) {
	// 2024-01-31 20:00 UTC is 2024-02-01 in CST: it joined in February.
	reportMember(t, f, "甲公司", "19000001", "11", "C", time.Date(2024, 1, 31, 20, 0, 0, 0, time.UTC), time.Time{})
	reportMember(t, f, "乙公司", "19000002", "11", "C", time.Date(2024, 1, 15, 9, 0, 0, 0, cst()), time.Time{})
	reportMember(t, f, "丙公司", "19000003", "11", "C", time.Date(2024, 2, 29, 9, 0, 0, 0, cst()), time.Time{})
	reportMember(t, f, "丁公司", "19000004", "11", "C", time.Date(2023, 12, 31, 9, 0, 0, 0, cst()), time.Time{})
	addMember(t, f.Members, member.Enterprise, "未入会公司", "x@example.com")
	got, err := f.Reports.JoinedPerMonth(context.Background(), day(2024, 1, 1), day(2024, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, []ports.MonthCount{{Month: day(2024, 1, 1), N: 1}, {Month: day(2024, 2, 1), N: 2}}, got)
}

// confirmed adds a payment of the member confirmed with the receipt's day and
// source (finance or statement) by method.
func confirmed(t *testing.T, f ReportsFixture, memberID string, method payment.Method, source string, fen int64,
	paidOn time.Time) {
	t.Helper()
	var (
		p   *payment.Payment
		err error
	)
	switch method {
	case payment.MethodAlipay:
		p, err = payment.NewOrder(memberID, payment.PurposeJoin, fen, epoch())
	case payment.MethodVoucher:
		p, err = payment.NewClaim(memberID, payment.PurposeJoin, method, fen,
			payment.Voucher{Key: "v/" + memberID, ContentType: "image/png", Size: 10, FileName: "v.png"}, epoch())
	default:
		p, err = payment.NewClaim(memberID, payment.PurposeJoin, method, fen, payment.Voucher{}, epoch())
	}
	require.NoError(t, err)
	r := payment.Receipt{AmountFen: fen, PaidOn: paidOn, BankRef: "ref-" + p.ID(), Source: source}
	if method == payment.MethodAlipay {
		r.BankRef, r.TradeNo = "", "trade-"+p.ID()
	}
	require.NoError(t, p.Confirm(r, epoch()))
	require.NoError(t, f.Payments.Add(context.Background(), p))
}

func reportIncome(t *testing.T, f ReportsFixture) {
	m := reportMember(t, f, "甲公司", "19000001", "11", "C", epoch(), time.Time{})
	confirmed(t, f, m.ID(), payment.MethodTransfer, payment.SourceFinance, 500000, day(2024, 1, 5))
	confirmed(t, f, m.ID(), payment.MethodTransfer, payment.SourceFinance, 1000000, day(2024, 1, 31))
	confirmed(t, f, m.ID(), payment.MethodTransfer, payment.SourceStatement, 500000, day(2024, 1, 20))
	confirmed(t, f, m.ID(), payment.MethodVoucher, payment.SourceFinance, 500000, day(2024, 2, 1))
	confirmed(t, f, m.ID(), payment.MethodAlipay, payment.SourceGateway, 48000, day(2024, 2, 29))
	confirmed(t, f, m.ID(), payment.MethodTransfer, payment.SourceFinance, 500000, day(2023, 12, 31)) // before
	confirmed(t, f, m.ID(), payment.MethodTransfer, payment.SourceFinance, 500000, day(2024, 3, 1))   // after
	// Open and rejected payments are no income.
	open := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(context.Background(), open))

	got, err := f.Reports.IncomePerMonth(context.Background(), day(2024, 1, 1), day(2024, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, []ports.IncomeRow{
		{Month: day(2024, 1, 1), Channel: ports.ChannelTransfer, Count: 2, Fen: 1500000},
		{Month: day(2024, 1, 1), Channel: ports.ChannelStatement, Count: 1, Fen: 500000},
		{Month: day(2024, 2, 1), Channel: ports.ChannelVoucher, Count: 1, Fen: 500000},
		{Month: day(2024, 2, 1), Channel: ports.ChannelOnline, Count: 1, Fen: 48000},
	}, got)

	// A claim confirmed later counts from then; a rejected one never does.
	ctx := context.Background()
	require.NoError(t, open.Confirm(payment.Receipt{AmountFen: 500000, PaidOn: day(2024, 2, 10), BankRef: "ref-later",
		Source: payment.SourceFinance}, epoch()))
	require.NoError(t, f.Payments.Save(ctx, open))
	rejected := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, rejected))
	require.NoError(t, rejected.Reject("没有到账", "staff-1", epoch()))
	require.NoError(t, f.Payments.Save(ctx, rejected))
	// A partial payment's money is income (the money cases).
	part := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, part))
	require.NoError(t, part.Confirm(payment.Receipt{AmountFen: 100000, PaidOn: day(2024, 2, 11), BankRef: "ref-part",
		Source: payment.SourceFinance, AllowPartial: true}, epoch()))
	require.NoError(t, f.Payments.Save(ctx, part))
	got, err = f.Reports.IncomePerMonth(ctx, day(2024, 2, 1), day(2024, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, []ports.IncomeRow{
		{Month: day(2024, 2, 1), Channel: ports.ChannelTransfer, Count: 2, Fen: 600000},
		{Month: day(2024, 2, 1), Channel: ports.ChannelVoucher, Count: 1, Fen: 500000},
		{Month: day(2024, 2, 1), Channel: ports.ChannelOnline, Count: 1, Fen: 48000},
	}, got)
}

func reportRenewals(t *testing.T, f ReportsFixture) {
	now, ctx := epoch(), context.Background()
	// Validities end 364 days after they start; today is 2024-03-01.
	reportMember(t, f, "十日", "19000001", "11", "C", now, today().AddDate(-1, 0, 10))  // ends today+9
	reportMember(t, f, "今日", "19000002", "11", "C", now, today().AddDate(-1, 0, 1))   // ends today
	reportMember(t, f, "五十日", "19000003", "11", "C", now, today().AddDate(-1, 0, 51)) // ends today+50
	reportMember(t, f, "八十日", "19000004", "11", "C", now, today().AddDate(-1, 0, 81)) // ends today+80
	reportMember(t, f, "百日", "19000005", "11", "C", now, today().AddDate(-1, 0, 101)) // ends today+100
	reportMember(t, f, "已过", "19000006", "11", "C", now, today().AddDate(-1, 0, -1))  // ended yesterday
	reportMember(t, f, "去年一月", "19000007", "11", "C", now, day(2022, 1, 10))          // ended 2023-01-09
	renewed := reportMember(t, f, "续过", "19000008", "11", "C", now, day(2022, 2, 1))  // ended 2023-01-31, renewed
	require.NoError(t, f.Members.Update(ctx, renewed.ID(), func(_ context.Context, m *member.Member) error {
		return m.Renew(now)
	}))
	reportMember(t, f, "新会员", "19000009", "11", "C", now, day(2023, 7, 1)) // first validity ends 2024-06-30

	due, err := f.Reports.RenewalsDue(ctx, today(), []int{30, 60, 90})
	require.NoError(t, err)
	assert.Equal(t, []int{2, 3, 4}, due, "today, +9 | +50 | +80; not +100, not yesterday")

	out, err := f.Reports.RenewalOutcome(ctx, day(2023, 1, 1), day(2023, 12, 31))
	require.NoError(t, err)
	assert.Equal(t, ports.RenewalOutcome{Renewed: 1, NotRenewed: 1}, out,
		"2023: 续过 renewed, 去年一月 did not; 新会员's first validity is not a renewal")
}

func reportEmpty(t *testing.T, f ReportsFixture) {
	ctx := context.Background()
	counts, err := f.Reports.MemberCounts(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, counts[ports.FacetKind])
	joined, err := f.Reports.JoinedPerMonth(ctx, day(2024, 1, 1), day(2025, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, joined)
	income, err := f.Reports.IncomePerMonth(ctx, day(2024, 1, 1), day(2025, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, income)
	due, err := f.Reports.RenewalsDue(ctx, today(), []int{30})
	require.NoError(t, err)
	assert.Equal(t, []int{0}, due)
	out, err := f.Reports.RenewalOutcome(ctx, day(2024, 1, 1), day(2024, 12, 31))
	require.NoError(t, err)
	assert.Zero(t, out)
}

// day is a calendar day as midnight UTC.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

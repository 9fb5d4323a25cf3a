package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) reports() *query.ReportsHandler {
	return query.NewReportsHandler(e.store.Reports(nil), e.policy, e.clock, nil)
}

func (e *env) homeFigures() *query.HomeFiguresHandler {
	return query.NewHomeFiguresHandler(e.store.Reports(nil), e.policy, e.clock, nil)
}

func bars(bs []query.ReportBar) map[string]int {
	out := map[string]int{}
	for _, b := range bs {
		out[b.Key] = b.N
	}
	return out
}

// The secretariat, finance and the admin read the reports; reviewers, members
// and guests do not.
func TestReportsWho(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.reports()
	for _, role := range []access.Role{access.RoleFinance, access.RoleSecretariat, access.RoleAdmin} {
		_, err := h.Handle(e.ctx, query.Reports{Principal: e.staff("s-"+string(role), role)})
		require.NoError(t, err, role)
	}
	_, err := h.Handle(e.ctx, query.Reports{Principal: e.staff("reviewer", access.RoleReviewer)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	m := e.member(member.Enterprise, "甲公司", member.StatusActive)
	_, err = h.Handle(e.ctx, query.Reports{Principal: access.Principal{Kind: access.PrincipalMember, ID: m.ID(),
		Role: access.RoleEnterprise}})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = h.Handle(e.ctx, query.Reports{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}

// A year out of range, a chart length other than 12 or 24 and an unknown
// section are field errors.
func TestReportsBadPeriod(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	_, err := e.reports().Handle(e.ctx, query.Reports{Principal: admin, Year: 2025, Months: 36,
		Sections: []query.ReportSection{"nope"}})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"year": "year_invalid", "months": "months_invalid",
		"section": "section_invalid"}, fieldCodes(err))
	_, err = e.reports().Handle(e.ctx, query.Reports{Principal: admin, Year: 1999})
	assert.Equal(t, map[string]string{"year": "year_invalid"}, fieldCodes(err))
	v, err := e.reports().Handle(e.ctx, query.Reports{Principal: admin, Year: 2023, Months: 24,
		Sections: []query.ReportSection{query.SectionJoined}})
	require.NoError(t, err)
	assert.Equal(t, []query.ReportSection{query.SectionJoined}, v.Sections)
	require.Len(t, v.Joined, 24)
	assert.Equal(t, "2022-01", v.Joined[0].Key)
	assert.Equal(t, "2023年12月", v.Joined[23].Label)
	assert.Empty(t, v.Income.Months, "sections not asked for stay empty")
}

// Every section over a small association on 2024-03-01.
func TestReportsFigures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "有效公司", member.StatusActive)            // valid until 2025-02-28
	e.member(member.Individual, "张三", member.StatusExpiring)            // valid until 2024-03-11
	e.member(member.Enterprise, "待审公司", member.StatusSubmitted)         // not joined
	e.member(member.Enterprise, "流失公司", member.StatusLapsed)            // validity ended 2024-01-20
	payer := e.member(member.Enterprise, "缴费公司", member.StatusApproved) // pays ¥5000 today
	e.confirm(payer, e.claim(payer, payment.Voucher{}), "BANK-1")

	v, err := e.reports().Handle(e.ctx, query.Reports{Principal: e.staff("fin", access.RoleFinance)})
	require.NoError(t, err)
	assert.Equal(t, 2024, v.Year)
	assert.Equal(t, query.ReportSections(), v.Sections)
	assert.Equal(t, map[string]int{"enterprise": 1, "individual": 1}, bars(v.Members.ByKind))
	assert.Equal(t, 2, v.Members.Valid)
	assert.Equal(t, 5, v.Members.Accounts)
	status := bars(v.Members.ByStatus)
	assert.Equal(t, 1, status["active"])
	assert.Equal(t, 1, status["awaiting_secretariat"])
	assert.Equal(t, 0, status["draft"], "every status has its row")
	assert.Len(t, v.Members.ByStatus, len(member.AllStatuses()))

	require.Len(t, v.Joined, 12)
	assert.Equal(t, "2023-04", v.Joined[0].Key)
	assert.Equal(t, query.ReportBar{Key: "2024-03", Label: "2024年3月", N: 4}, v.Joined[11])
	assert.Equal(t, 4, v.JoinedTotal)

	require.Len(t, v.Income.Months, 12)
	assert.Equal(t, int64(500000), v.Income.Months[2].Fen)
	assert.Equal(t, []int64{500000, 0, 0, 0}, v.Income.Months[2].ByChannel, "a transfer finance confirmed")
	assert.Equal(t, int64(500000), v.Income.Total.Fen)
	require.Len(t, v.Income.Years, query.IncomeYears)
	assert.Equal(t, "2020", v.Income.Years[0].Key)
	assert.Equal(t, 1, v.Income.Years[4].Count)

	assert.Equal(t, map[string]int{"30": 1, "60": 1, "90": 1}, bars(v.Renewals))
	assert.Equal(t, 1, v.Lapse.NotRenewed)
	assert.Equal(t, 0, v.Lapse.Renewed)
	assert.Equal(t, "100.0%", v.Lapse.Rate())
	assert.Equal(t, "2024-02-29", v.Lapse.To.Format("2006-01-02"), "validities ended up to yesterday")
}

// The home's headline figures: for those who read the reports only.
func TestHomeFigures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "有效公司", member.StatusActive)
	e.member(member.Individual, "张三", member.StatusExpiring)
	payer := e.member(member.Enterprise, "缴费公司", member.StatusApproved)
	e.confirm(payer, e.claim(payer, payment.Voucher{}), "BANK-1")
	h := e.homeFigures()
	v, err := h.Handle(e.ctx, query.HomeFigures{Principal: e.staff("sec", access.RoleSecretariat)})
	require.NoError(t, err)
	assert.True(t, v.Shown)
	assert.Equal(t, 2, v.Valid)
	assert.Equal(t, map[string]int{"enterprise": 1, "individual": 1}, bars(v.ValidByKind))
	assert.Equal(t, int64(500000), v.IncomeFen)
	assert.Equal(t, 1, v.Due30)
	v, err = h.Handle(e.ctx, query.HomeFigures{Principal: e.staff("rev", access.RoleReviewer)})
	require.NoError(t, err)
	assert.False(t, v.Shown, "a reviewer sees the queues only")
	_, err = h.Handle(e.ctx, query.HomeFigures{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}

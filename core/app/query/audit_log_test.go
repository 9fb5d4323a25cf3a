package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// auditWorld is a log with entries of a reviewer, a finance account and the
// system, on 2024-03-01, -02 and -03 (09:00 UTC).
type auditWorld struct {
	e        *env
	h        *query.AuditLogHandler
	admin    access.Principal
	reviewer access.Principal
	finance  access.Principal
	m        *member.Member
}

func newAuditWorld(t *testing.T) auditWorld {
	t.Helper()
	e := newEnv(t)
	w := auditWorld{e: e, admin: e.staff("admin", access.RoleAdmin), reviewer: e.staff("zhangsan", access.RoleReviewer),
		finance: e.staff("lisi", access.RoleFinance), m: e.member(member.Enterprise, "中国质量协会", member.StatusActive)}
	w.h = query.NewAuditLogHandler(e.store.AuditLog(), e.store.Staff(), e.store.Members(), e.policy, nil)
	day := func(d int) time.Time { return apptest.Epoch().AddDate(0, 0, d) }
	for _, en := range []audit.Entry{
		{At: day(0), StaffID: w.reviewer.ID, Address: "10.0.0.1", Action: audit.ApplicationApprove, MemberID: w.m.ID(),
			Summary: "审核通过"},
		{At: day(1), StaffID: w.finance.ID, Action: audit.PaymentConfirm, MemberID: w.m.ID(), Summary: "确认缴费"},
		{At: day(2), StaffID: query.AuditSystem, Action: audit.StaffCreate, Subject: "staff:x"},
		{At: day(2), StaffID: w.finance.ID, Action: audit.FeeSettingsUpdate,
			Changes: []audit.Change{{Field: "ordinary", Label: "普通单位会员", Before: "5000", After: "6000"}}},
	} {
		require.NoError(t, e.store.AuditLog().Append(e.ctx, en))
	}
	return w
}

func (w auditWorld) list(t *testing.T, q query.AuditLog) (query.AuditLogView, error) {
	t.Helper()
	return w.h.Handle(w.e.ctx, q)
}

func auditActions(v query.AuditLogView) []audit.Action {
	out := make([]audit.Action, len(v.Items))
	for i, it := range v.Items {
		out[i] = it.Action
	}
	return out
}

// The admin reads every entry, newest first, with the names they point to.
func TestAuditLogAdminReadsAll(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	v, err := w.list(t, query.AuditLog{Principal: w.admin})
	require.NoError(t, err)
	assert.False(t, v.OwnOnly)
	assert.Equal(t, 4, v.Total)
	assert.Equal(t, []audit.Action{audit.FeeSettingsUpdate, audit.StaffCreate, audit.PaymentConfirm,
		audit.ApplicationApprove}, auditActions(v))
	first := v.Items[3]
	assert.Equal(t, "zhangsan", first.StaffName)
	assert.Equal(t, "zhangsan", first.StaffLogin)
	assert.Equal(t, "工作人员", first.StaffRole)
	assert.Equal(t, "10.0.0.1", first.Address)
	assert.Equal(t, "入会申请审核通过", first.ActionLabel)
	assert.Equal(t, w.m.Number(), first.MemberNo)
	assert.Equal(t, "中国质量协会", first.MemberName)
	assert.Equal(t, "系统", v.Items[1].StaffName)
	assert.Equal(t, "6000", v.Items[0].Changes[0].After)
	assert.NotEmpty(t, v.Actions)
}

// Reviewers and finance read their own entries only; asking for another's is
// a refusal, not an empty page; members and guests read nothing.
func TestAuditLogOwnEntriesOnly(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	v, err := w.list(t, query.AuditLog{Principal: w.finance})
	require.NoError(t, err)
	assert.True(t, v.OwnOnly)
	assert.Equal(t, []audit.Action{audit.FeeSettingsUpdate, audit.PaymentConfirm}, auditActions(v))
	for _, own := range []string{"lisi", w.finance.ID} {
		v, err = w.list(t, query.AuditLog{Principal: w.finance, Filters: query.AuditFilters{Staff: own}})
		require.NoError(t, err, own)
		assert.Equal(t, 2, v.Total, own)
	}
	v, err = w.list(t, query.AuditLog{Principal: w.reviewer})
	require.NoError(t, err)
	assert.Equal(t, []audit.Action{audit.ApplicationApprove}, auditActions(v))

	for _, other := range []string{"zhangsan", "admin", "nobody", query.AuditSystem} {
		_, err = w.list(t, query.AuditLog{Principal: w.finance, Filters: query.AuditFilters{Staff: other}})
		wantErr(t, err, apperr.KindForbidden, "forbidden")
		assert.Equal(t, "您只能查看本人的操作记录，无权查看其他工作人员的审计日志", apperr.As(err).Message)
	}
	member := access.Principal{Kind: access.PrincipalMember, ID: w.m.ID(), Role: access.RoleEnterprise}
	_, err = w.list(t, query.AuditLog{Principal: member})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = w.list(t, query.AuditLog{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}

// Each filter narrows the page; the date range counts whole days, the last
// one included.
func TestAuditLogFilters(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	cases := []struct {
		f    query.AuditFilters
		want []audit.Action
	}{
		{query.AuditFilters{Staff: " zhangsan "}, []audit.Action{audit.ApplicationApprove}},
		{query.AuditFilters{Staff: w.finance.ID}, []audit.Action{audit.FeeSettingsUpdate, audit.PaymentConfirm}},
		{query.AuditFilters{Staff: "system"}, []audit.Action{audit.StaffCreate}},
		{query.AuditFilters{Member: w.m.Number()}, []audit.Action{audit.PaymentConfirm, audit.ApplicationApprove}},
		{query.AuditFilters{Member: w.m.ID(), Action: "payment.confirm"}, []audit.Action{audit.PaymentConfirm}},
		{query.AuditFilters{From: "2024-03-02"}, []audit.Action{audit.FeeSettingsUpdate, audit.StaffCreate,
			audit.PaymentConfirm}},
		{query.AuditFilters{To: "2024-03-02"}, []audit.Action{audit.PaymentConfirm, audit.ApplicationApprove}},
		{query.AuditFilters{From: "2024-03-02", To: "2024-03-02"}, []audit.Action{audit.PaymentConfirm}},
		{query.AuditFilters{Action: "member.level"}, []audit.Action{}},
	}
	for _, c := range cases {
		v, err := w.list(t, query.AuditLog{Principal: w.admin, Filters: c.f})
		require.NoError(t, err, "%+v", c.f)
		assert.Equal(t, c.want, auditActions(v), "%+v", c.f)
		assert.Len(t, v.Items, v.Total)
	}
}

// Unknown filter values and bad paging are field-level messages; a page past
// the end shows the last one.
func TestAuditLogBadInput(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	_, err := w.list(t, query.AuditLog{Principal: w.admin, Page: -1, PageSize: 101, Filters: query.AuditFilters{
		Staff: "nobody", Member: "99999999", Action: "x.unknown", From: "2024-13-01", To: "yesterday"}})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"staff": "staff_unknown", "member": "member_unknown",
		"action": "action_invalid", "from": "date_invalid", "to": "date_invalid", "page": "page_invalid",
		"page_size": "page_size_invalid"}, fieldCodes(err))
	_, err = w.list(t, query.AuditLog{Principal: w.admin, PageSize: -5})
	assert.Equal(t, map[string]string{"page_size": "page_size_invalid"}, fieldCodes(err))
	_, err = w.list(t, query.AuditLog{Principal: w.admin, Filters: query.AuditFilters{From: "2024-03-03",
		To: "2024-03-01"}})
	assert.Equal(t, map[string]string{"from": "range_invalid"}, fieldCodes(err))

	v, err := w.list(t, query.AuditLog{Principal: w.admin, Page: 9, PageSize: 3})
	require.NoError(t, err)
	assert.True(t, v.Clamped)
	assert.Equal(t, 2, v.Page)
	assert.Equal(t, 2, v.Pages)
	assert.Equal(t, []audit.Action{audit.ApplicationApprove}, auditActions(v))
}

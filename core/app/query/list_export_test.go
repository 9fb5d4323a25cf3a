package query_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// rows collects an export's rows.
type rows [][]string

func (r *rows) WriteRow(cells []string) error {
	*r = append(*r, append([]string(nil), cells...))
	return nil
}

// exporter is the list export on the env's store.
func (e *env) exporter() *query.ListExportHandler {
	return query.NewListExportHandler(query.ListExportDeps{Directory: e.store.Directory(nil), Members: e.store.Members(),
		Payments: e.store.Payments(), Statements: e.store.Statements(), Invoices: e.store.Invoices(),
		AuditLog: e.store.AuditLog(), Staff: e.store.Staff(), Authz: e.policy, Clock: e.clock,
		Audit: command.NewAuditor(e.store.AuditLog(), e.clock)})
}

// export runs a direct export and returns its rows (the header first).
func (e *env) export(p access.Principal, list string, params map[string]string) (rows, error) {
	var out rows
	_, err := e.exporter().Export(e.ctx, query.ListExport{Principal: p, List: list, Format: "csv", Params: params}, &out)
	return out, err
}

// column is the cells of the column named name (header row excluded).
func column(t *testing.T, r rows, name string) []string {
	t.Helper()
	require.NotEmpty(t, r)
	i := -1
	for j, h := range r[0] {
		if h == name {
			i = j
		}
	}
	require.GreaterOrEqual(t, i, 0, "no column %s in %v", name, r[0])
	out := []string{}
	for _, row := range r[1:] {
		out = append(out, row[i])
	}
	return out
}

func TestExportPaymentsFollowsTheTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	b := e.member(member.Individual, "张三", member.StatusApproved)
	pa := e.claim(a, payment.Voucher{})
	e.claim(b, payment.Voucher{})
	e.confirm(a, pa, "BANK-001")
	finance := e.staff("lisi", access.RoleFinance)

	open, err := e.export(finance, query.ExportListPayments, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"提交时间", "会员号", "会员名称", "会员类别", "缴费项目", "缴费方式", "应缴金额(元)",
		"实收金额(元)", "到账日期", "银行流水号/交易号", "状态", "处理时间", "说明"}, open[0])
	assert.Equal(t, []string{"张三"}, column(t, open, "会员名称"), "the open tab: the claim waiting for finance")

	done, err := e.export(finance, query.ExportListPayments, map[string]string{"status": "confirmed"})
	require.NoError(t, err)
	assert.Equal(t, []string{"星河科技有限公司"}, column(t, done, "会员名称"))
	assert.Equal(t, []string{"BANK-001"}, column(t, done, "银行流水号/交易号"))
	assert.Equal(t, []string{"5000.00"}, column(t, done, "应缴金额(元)"))

	_, err = e.export(finance, query.ExportListPayments, map[string]string{"status": "nonsense"})
	assert.Equal(t, "status", apperr.As(err).Fields[0].Field)
	_, err = e.export(e.staff("zhangsan", access.RoleReviewer), query.ExportListPayments, nil)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "a reviewer does not read 缴费确认: %v", err)

	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: audit.ListExport})
	require.NoError(t, err)
	require.Len(t, entries, 2, "each export is audited, a refused one is not")
	assert.Contains(t, entries[0].Summary, "导出缴费记录（csv，1 条）；status=confirmed")
}

func TestExportStatementLines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.statement("s1", payment.StoredLine{Status: payment.LineUnmatched, Line: payment.Line{PayerName: "=HYPERLINK(\"x\")"}},
		payment.StoredLine{Status: payment.LineConfirmed, Line: payment.Line{PayerName: "已确认公司"}})
	finance := e.staff("lisi", access.RoleFinance)

	unmatched, err := e.export(finance, query.ExportListStatements, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{`=HYPERLINK("x")`}, column(t, unmatched, "付款户名"), "待处理流水 by default")
	all, err := e.export(finance, query.ExportListStatements, map[string]string{"statement": "s1"})
	require.NoError(t, err)
	assert.Len(t, all, 3, "one statement: every line")
	assert.Equal(t, []string{"s1", "s1"}, column(t, all, "对账单"))
}

func TestExportInvoicesTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := e.staff("lisi", access.RoleFinance)
	r, err := e.export(finance, query.ExportListInvoices, map[string]string{"tab": "issued"})
	require.NoError(t, err)
	assert.Len(t, r, 1, "just the header")
	assert.Equal(t, "发票号码", r[0][8])
	_, err = e.export(finance, query.ExportListInvoices, map[string]string{"tab": "x"})
	assert.Equal(t, "tab", apperr.As(err).Fields[0].Field)
	_, err = e.export(e.staff("wangwu", access.RoleSecretariat), query.ExportListInvoices, nil)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden))
}

func TestExportAuditLogOwnOrAll(t *testing.T) {
	t.Parallel()
	w := newAuditWorld(t)
	all, err := w.e.export(w.admin, query.ExportListAudit, nil)
	require.NoError(t, err)
	assert.Len(t, all, 5, "the admin exports everything (header + 4)")
	assert.Contains(t, column(t, all, "变更内容"), "普通单位会员：5000 → 6000")

	own, err := w.e.export(w.finance, query.ExportListAudit, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"lisi", "lisi"}, column(t, own, "用户名"), "finance exports its own entries only")
	filtered, err := w.e.export(w.admin, query.ExportListAudit, map[string]string{"action": string(audit.PaymentConfirm)})
	require.NoError(t, err)
	assert.Equal(t, []string{"确认缴费"}, column(t, filtered, "操作"))

	_, err = w.e.export(w.finance, query.ExportListAudit, map[string]string{"staff": "zhangsan"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "finance cannot export another's entries: %v", err)
	_, err = w.e.export(w.admin, query.ExportListAudit, map[string]string{"from": "yesterday"})
	assert.Equal(t, "from", apperr.As(err).Fields[0].Field)
}

func TestExportMembersFilteredAndSelected(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	b := e.member(member.Individual, "张三", member.StatusActive)
	c := e.member(member.Individual, "李四", member.StatusActive)
	reviewer := e.staff("zhangsan", access.RoleReviewer)

	ind, err := e.export(reviewer, query.ExportListMembers, map[string]string{"kind": "individual", "sort": "name"})
	require.NoError(t, err)
	assert.Equal(t, []string{"李四", "张三"}, column(t, ind, "会员名称"), "filter and order of the list")

	sel, err := e.export(reviewer, query.ExportListMembers, map[string]string{"ids": c.ID() + "," + a.ID() + "," + a.ID()})
	require.NoError(t, err)
	assert.Equal(t, []string{"李四", "星河科技有限公司"}, column(t, sel, "会员名称"), "the selected ones, once each")

	_, err = e.export(reviewer, query.ExportListMembers, map[string]string{"ids": b.ID() + ",no-such-id"})
	assert.Equal(t, "ids", apperr.As(err).Fields[0].Field)
	many := strings.Repeat("x,", query.MaxSelectedExport) + "y"
	_, err = e.export(reviewer, query.ExportListMembers, map[string]string{"ids": many})
	assert.Equal(t, "ids", apperr.As(err).Fields[0].Field, "bounded")
	_, err = e.export(apptest.MemberOf(a), query.ExportListMembers, nil)
	assert.Error(t, err, "a member exports nothing")
	_, err = e.export(reviewer, "nonsense", nil)
	assert.Equal(t, "list", apperr.As(err).Fields[0].Field)
}

package query_test

import (
	"context"
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

// partly records amount of claim p as a partial payment of member m.
func (e *env) partly(m *member.Member, p *payment.Payment, amount int64, ref string) {
	e.t.Helper()
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		now := e.clock.Now()
		if err := p.Confirm(payment.Receipt{AmountFen: amount, PaidOn: now, BankRef: ref,
			Source: payment.SourceFinance, StaffID: "staff-finance", AllowPartial: true}, now); err != nil {
			return err
		}
		if err := m.RecordPartialFee(now); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, p)
	}))
}

// sink collects exported rows.
type sink [][]string

func (s *sink) WriteRow(cells []string) error {
	*s = append(*s, cells)
	return nil
}

// A fee partly paid: the 缴纳会费 page and the home say what arrived and what
// is still owed; the history line says so too.
func TestFeePageAndHomeShowTheBalanceDue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	e.partly(m, e.claim(m, payment.Voucher{}), 400000, "B1")

	v, err := e.feePage(nil, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.Equal(t, payment.StatePartial, v.State)
	assert.Equal(t, "缴费状态：部分缴费-未开发票", v.StatusLine, "without invoices: the plain line")
	assert.Equal(t, [2]int64{400000, 100000}, [2]int64{v.PaidFen, v.OwingFen})
	assert.Equal(t, "已缴¥4000，尚欠¥1000", v.OwingText)
	assert.True(t, v.CanClaim)
	require.Len(t, v.History, 1)
	assert.Equal(t, "部分缴费：实收¥4000，尚欠¥1000", v.History[0].Reason)

	withInvoices, err := query.NewFeePageHandler(e.store.Members(), e.store.Payments(), e.settings(), nil, e.policy).
		WithInvoices(e.store.Invoices()).Handle(e.ctx, query.FeePage{Principal: apptest.MemberOf(m)})
	require.NoError(t, err)
	assert.Equal(t, "缴费状态：部分缴费（已缴¥4000，尚欠¥1000）-未开发票", withInvoices.StatusLine)

	home, err := query.NewMemberDashboardHandler(e.store.Members(), nil).WithBalance(e.store.Payments(), e.settings()).
		Handle(e.ctx, apptest.MemberOf(m))
	require.NoError(t, err)
	assert.Equal(t, "部分缴费（已缴¥4000，尚欠¥1000）", home.PaymentStatus)
	assert.Equal(t, int64(100000), home.OwingFen)
}

// The ledger: header, one row per money-bearing payment with fee, received,
// bank fees, balance, method, confirmer and refund state; filters checked;
// the export audited.
func TestPaymentLedger(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	finance := e.staff("cw", access.RoleFinance)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	e.partly(m, e.claim(m, payment.Voucher{}), 400000, "B1")
	e.claim(m, payment.Voucher{}) // open: not in the ledger
	rec := command.NewAuditor(e.store.AuditLog(), e.clock)
	h := query.NewPaymentLedgerHandler(e.store.Payments(), e.store.Staff(), e.policy, nil, rec)

	var rows sink
	n, err := h.Handle(e.ctx, query.PaymentLedger{Principal: finance, Format: "csv"}, &rows)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.Len(t, rows, 2)
	assert.Equal(t, query.PaymentLedgerHeader(), rows[0])
	assert.Equal(t, []string{m.Number(), "星河科技有限公司", "2024", "5000.00", "4000.00", "0.00", "1000.00", "银行转账",
		"部分到账", "2024-03-01", "staff-finance", "", ""}, rows[1])

	_, err = h.Handle(e.ctx, query.PaymentLedger{Principal: finance, Format: "pdf", Status: payment.StatusOpen,
		From: "2024-03-09", To: "2024-03-01"}, &rows)
	assert.Equal(t, apperr.KindInvalid, apperr.As(err).Kind)
	codes := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		codes[f.Field] = f.Code
	}
	assert.Equal(t, map[string]string{"format": "format_invalid", "status": "status_invalid", "to": "range_invalid"},
		codes)
	_, err = h.Handle(e.ctx, query.PaymentLedger{Principal: apptest.MemberOf(m), Format: "csv"}, &rows)
	assert.Equal(t, apperr.KindForbidden, apperr.As(err).Kind)
	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: audit.PaymentExport})
	require.NoError(t, err)
	assert.Len(t, entries, 1, "one export, audited once")
}

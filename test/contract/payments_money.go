package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// confirmAs confirms p with amount (partial allowed) and stores it.
func confirmAs(t *testing.T, f PaymentFixture, p *payment.Payment, amount int64, ref string, at time.Time) {
	t.Helper()
	require.NoError(t, p.Confirm(payment.Receipt{AmountFen: amount, PaidOn: at, BankRef: ref, Source: "finance",
		StaffID: "s1", AllowPartial: true}, at))
	require.NoError(t, f.Payments.Save(context.Background(), p))
}

// paymentsMoneyCases: a partial payment and a refund due keep every field
// through the store; the refund list filters and counts; a partial payment's
// bank reference is unique like a confirmed one's.
func paymentsMoneyCases(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "星河科技有限公司", "x@example.com", "24000001")
	part := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, part))
	confirmAs(t, f, part, 400000, "P1", epoch())
	got, err := f.Payments.Get(ctx, part.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.StatusPartial, got.Status())
	assert.Equal(t, int64(100000), got.BalanceFen())
	assert.True(t, got.Owing())
	owing, n, err := f.Payments.List(ctx, ports.PaymentFilter{Owing: true, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, part.ID(), owing[0].Payment.ID())

	excess := claim(t, m.ID(), 100000)
	require.NoError(t, f.Payments.Add(ctx, excess))
	confirmAs(t, f, excess, 120000, "P2", epoch().Add(time.Hour))
	got.Complete(excess.ID(), epoch().Add(time.Hour))
	require.NoError(t, f.Payments.Save(ctx, got))
	got, err = f.Payments.Get(ctx, part.ID())
	require.NoError(t, err)
	assert.Equal(t, excess.ID(), got.CompletedBy())
	assert.False(t, got.Owing())

	ex, err := f.Payments.Get(ctx, excess.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.RefundDue, ex.RefundState())
	assert.Equal(t, int64(20000), ex.RefundFen())
	c, err := f.Payments.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, c.RefundDue)
	assert.Equal(t, 0, c.Partial, "the partial payment was completed")
	owing, n, err = f.Payments.List(ctx, ports.PaymentFilter{Owing: true, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, [2]int{0, 0}, [2]int{n, len(owing)}, "no balance still due")
	var due []ports.PaymentWithMember
	due, n, err = f.Payments.List(ctx, ports.PaymentFilter{Refunds: []payment.RefundState{payment.RefundDue}, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, excess.ID(), due[0].Payment.ID())
	assert.Equal(t, m.ID(), due[0].Member.ID())

	refundDay := epoch().Add(24 * time.Hour)
	require.NoError(t, ex.MarkRefunded(payment.Refund{On: refundDay, Ref: "R 1", Note: "退回多缴", StaffID: "s2"},
		refundDay, refundDay))
	require.NoError(t, f.Payments.Save(ctx, ex))
	ex, err = f.Payments.Get(ctx, excess.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.RefundRefunded, ex.RefundState())
	info := ex.RefundInfo()
	assert.Equal(t, "2024-03-02", info.On.Format(time.DateOnly))
	assert.Equal(t, payment.Refund{On: info.On, Ref: "R1", Note: "退回多缴", StaffID: "s2"}, info)
	sameInstant(t, refundDay, ex.RefundedAt(), "refunded at")
	c, err = f.Payments.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, [2]int{0, 1}, [2]int{c.RefundDue, c.Refunded})

	// A partial payment's bank reference counts once too.
	other := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, other))
	require.NoError(t, other.Confirm(payment.Receipt{AmountFen: 100, PaidOn: epoch(), BankRef: "P1",
		AllowPartial: true}, epoch()))
	err = f.Payments.Save(ctx, other)
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, "bank_ref_taken", apperr.As(err).Code)
}

// paymentsLedger: the ledger streams the selected payments oldest handled
// first with the member's number and name and the issued invoice's number; the
// handled window and the method filter apply; an error of the callback stops it.
func paymentsLedger(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "星河科技有限公司", "x@example.com", "24000001")
	first := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, first))
	confirmAs(t, f, first, 500000, "L1", epoch())
	second := claim(t, m.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, second))
	confirmAs(t, f, second, 400000, "L2", epoch().Add(48*time.Hour))
	open := claim(t, m.ID(), 100000)
	require.NoError(t, f.Payments.Add(ctx, open))
	if f.Invoices != nil {
		r, err := invoice.NewRequest(m.ID(), m.Name(), first, invoiceDetails(), true, epoch())
		require.NoError(t, err)
		require.NoError(t, r.Issue(invoice.Issued{Number: "24110000000012345678", Date: epoch(), AmountFen: 500000,
			File: invoice.File{Key: "k", Format: "pdf"}, StaffID: "s1", At: epoch()}, epoch(), epoch()))
		require.NoError(t, f.Invoices.Add(ctx, r))
	}
	collect := func(pf ports.PaymentFilter) []ports.LedgerEntry {
		var out []ports.LedgerEntry
		require.NoError(t, f.Payments.Ledger(ctx, pf, func(e ports.LedgerEntry) error {
			out = append(out, e)
			return nil
		}))
		return out
	}
	money := []payment.Status{payment.StatusConfirmed, payment.StatusPartial, payment.StatusDuplicate}
	all := collect(ports.PaymentFilter{Statuses: money})
	require.Len(t, all, 2)
	assert.Equal(t, []string{first.ID(), second.ID()}, []string{all[0].Payment.ID(), all[1].Payment.ID()})
	assert.Equal(t, "24000001", all[0].MemberNumber)
	assert.Equal(t, "星河科技有限公司", all[0].MemberName)
	if f.Invoices != nil {
		assert.Equal(t, "24110000000012345678", all[0].InvoiceNumber)
	}
	assert.Empty(t, all[1].InvoiceNumber)
	assert.Equal(t, payment.StatusPartial, all[1].Payment.Status())

	late := collect(ports.PaymentFilter{Statuses: money, HandledFrom: epoch().Add(time.Hour)})
	require.Len(t, late, 1)
	assert.Equal(t, second.ID(), late[0].Payment.ID())
	assert.Empty(t, collect(ports.PaymentFilter{Statuses: money, HandledBefore: epoch()}))
	assert.Empty(t, collect(ports.PaymentFilter{Methods: []payment.Method{payment.MethodAlipay}}))
	assert.Len(t, collect(ports.PaymentFilter{}), 3, "no filter: the open claim too")

	stop := apperr.Conflict("stop", "stop")
	calls := 0
	err := f.Payments.Ledger(ctx, ports.PaymentFilter{}, func(ports.LedgerEntry) error {
		calls++
		return stop
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 1, calls)
}

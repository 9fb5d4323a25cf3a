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
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// InvoiceFixture is an invoice repository with the members it refers to and
// the transactor of its store.
type InvoiceFixture struct {
	Members  ports.MemberRepository
	Invoices ports.InvoiceRepository
	Tx       ports.Transactor
}

// RunInvoices runs the invoice repository's contract.
func RunInvoices(t *testing.T, newFixture func(t *testing.T) InvoiceFixture) {
	run(t, "round trip of an issued advance", func(t *testing.T) { invoicesRoundTrip(t, newFixture(t)) })
	run(t, "one live request per payment", func(t *testing.T) { invoicesOnePerPayment(t, newFixture(t)) })
	run(t, "a stale save changes nothing; of concurrent saves one wins", func(t *testing.T) {
		invoicesStaleSave(t, newFixture(t))
	})
	run(t, "queue pages, orders and counts", func(t *testing.T) { invoicesQueue(t, newFixture(t)) })
	run(t, "a request rolls back with its transaction", func(t *testing.T) { invoicesRollback(t, newFixture(t)) })
}

func invoiceDetails() invoice.Details {
	return invoice.Details{Title: "测试发票抬头", TaxID: membertest.ValidUSCC, Kind: invoice.KindSpecial,
		Address: "北京市西城区", Phone: "010-68412345", Bank: "工商银行北京西四支行", Account: "0200002809014498969",
		Email: "cw@example.com"}
}

// confirmedPayment is a confirmed payment of a member (not stored: invoices
// refer to payments by id only).
func confirmedPayment(memberID, id string, fen int64) *payment.Payment {
	return payment.Restore(payment.Snapshot{ID: id, MemberID: memberID, Method: payment.MethodTransfer,
		Status: payment.StatusConfirmed, AmountFen: fen, PaidFen: fen, PaidOn: epoch()})
}

func newInvoice(t *testing.T, memberID, paymentID string, at time.Time) *invoice.Request {
	t.Helper()
	r, err := invoice.NewRequest(memberID, "测试号", confirmedPayment(memberID, paymentID, 500000), invoiceDetails(),
		true, at)
	require.NoError(t, err)
	return r
}

func invoicesRoundTrip(t *testing.T, f InvoiceFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19141263")
	day := epoch().AddDate(0, 0, 30)
	a, err := invoice.NewAdvance(m.ID(), m.Name(), invoiceDetails(), invoice.AdvanceForm{Reason: "先开票后付款",
		ExpectedOn: day, Contact: "王会计", ContactPhone: "13800138000"}, 500000, 500000, true, epoch(), epoch())
	require.NoError(t, err)
	require.NoError(t, f.Invoices.Add(ctx, a))
	got, err := f.Invoices.Get(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version())
	require.NoError(t, got.AttachScan(invoice.File{Key: "advance/x.png", Name: "盖章.png", Format: "png", Size: 9}, epoch()))
	require.NoError(t, got.Issue(invoice.Issued{Number: "26110000000012345678", Date: epoch(), AmountFen: 500000,
		File: invoice.File{Key: "invoices/x.pdf", Name: "发票.pdf", Format: "pdf", Size: 1234}, StaffID: "s1"},
		epoch(), epoch()))
	require.NoError(t, f.Invoices.Save(ctx, got))
	again, err := f.Invoices.Get(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, int64(2), again.Version())
	want, have := got.Snapshot(), again.Snapshot()
	sameInstant(t, want.Created, have.Created, "created")
	sameInstant(t, want.Issued.At, have.Issued.At, "issued at")
	assert.Equal(t, "2024-03-31", have.Advance.ExpectedOn.Format(time.DateOnly), "the expected day in its own zone")
	assert.Equal(t, "2024-03-01", have.Issued.Date.Format(time.DateOnly))
	want.Created, want.Updated, want.Issued.At, want.Issued.Date, want.Advance.ExpectedOn = have.Created,
		have.Updated, have.Issued.At, have.Issued.Date, have.Advance.ExpectedOn
	want.Version = 2
	assert.Equal(t, want, have)
	assert.Equal(t, invoice.AdvanceOpen, again.AdvanceState())
	open, err := f.Invoices.OpenAdvances(ctx, m.ID())
	require.NoError(t, err)
	require.Len(t, open, 1)
	_, err = f.Invoices.Get(ctx, "nope")
	requireKind(t, err, apperr.KindNotFound)
}

func invoicesOnePerPayment(t *testing.T, f InvoiceFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19141263")
	first := newInvoice(t, m.ID(), "pay1", epoch())
	require.NoError(t, f.Invoices.Add(ctx, first))
	requireFieldConflict(t, f.Invoices.Add(ctx, newInvoice(t, m.ID(), "pay1", epoch())), "payment_id")
	errs := parallel(4, func(int) error { return f.Invoices.Add(ctx, newInvoice(t, m.ID(), "pay2", epoch())) })
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			requireKind(t, err, apperr.KindConflict)
		}
	}
	assert.Equal(t, 1, ok, "of concurrent requests for one payment one is stored")
	got, err := f.Invoices.Get(ctx, first.ID())
	require.NoError(t, err)
	require.NoError(t, got.Return("抬头有误", "s1", epoch()))
	require.NoError(t, f.Invoices.Save(ctx, got))
	require.NoError(t, f.Invoices.Add(ctx, newInvoice(t, m.ID(), "pay1", epoch().Add(time.Hour))),
		"after a return the member may ask again")
	list, err := f.Invoices.ListForMember(ctx, m.ID())
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, invoice.StatePending, list[0].State(), "newest first")
}

func invoicesStaleSave(t *testing.T, f InvoiceFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19141263")
	r := newInvoice(t, m.ID(), "pay1", epoch())
	require.NoError(t, f.Invoices.Add(ctx, r))
	errs := parallel(4, func(i int) error {
		got, err := f.Invoices.Get(ctx, r.ID())
		if err != nil {
			return err
		}
		if err := got.Return("原因", "s1", epoch()); err != nil {
			return err
		}
		return f.Invoices.Save(ctx, got)
	})
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		requireKind(t, err, apperr.KindConflict)
	}
	assert.Equal(t, 1, ok)
	stale := invoice.Restore(r.Snapshot())
	require.NoError(t, stale.Withdraw(m.ID(), epoch()))
	err := f.Invoices.Save(ctx, stale)
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, invoice.ErrChanged, apperr.As(err).Code)
	got, err := f.Invoices.Get(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, invoice.StateReturned, got.State(), "the stale save changed nothing")
}

func invoicesQueue(t *testing.T, f InvoiceFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19141263")
	for i := range 5 {
		require.NoError(t, f.Invoices.Add(ctx, newInvoice(t, m.ID(), "pay"+string(rune('a'+i)),
			epoch().Add(time.Duration(i)*time.Minute))))
	}
	page, total, err := f.Invoices.List(ctx, ports.InvoiceFilter{State: invoice.StatePending, Limit: 2, Offset: 1})
	require.NoError(t, err)
	assert.Equal(t, 5, total)
	require.Len(t, page, 2)
	assert.Equal(t, "payb", page[0].PaymentID(), "pending oldest first")
	for i, day := range []int{-3, -1, 0, 10} { // expected days relative to today
		a, err := invoice.NewAdvance(m.ID(), m.Name(), invoiceDetails(), invoice.AdvanceForm{Reason: "先开票",
			ExpectedOn: epoch().AddDate(0, 0, 20+day), Contact: "王", ContactPhone: "13800138000"}, 100, 100, true,
			epoch(), epoch().Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
		require.NoError(t, a.AttachScan(invoice.File{Key: "s", Format: "pdf"}, epoch()))
		require.NoError(t, a.Issue(invoice.Issued{Number: "12345678", Date: epoch(), AmountFen: 100,
			File: invoice.File{Key: "f", Format: "pdf"}}, epoch(), epoch()))
		require.NoError(t, f.Invoices.Add(ctx, a))
	}
	today := epoch().AddDate(0, 0, 20)
	c, err := f.Invoices.Count(ctx, today)
	require.NoError(t, err)
	assert.Equal(t, ports.InvoiceCounts{Pending: 5, Issued: 4, AdvanceOpen: 4, AdvanceOverdue: 2}, c)
	overdue, total, err := f.Invoices.List(ctx, ports.InvoiceFilter{Advance: invoice.AdvanceOpen, Overdue: today})
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	require.Len(t, overdue, 2)
	assert.True(t, overdue[0].Advance().ExpectedOn.Before(overdue[1].Advance().ExpectedOn), "by expected day")
}

func invoicesRollback(t *testing.T, f InvoiceFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19141263")
	r := newInvoice(t, m.ID(), "pay1", epoch())
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.Invoices.Add(ctx, r); err != nil {
			return err
		}
		if _, err := f.Invoices.Get(ctx, r.ID()); err != nil {
			return err
		}
		return apperr.Conflict("boom", "回滚")
	})
	requireKind(t, err, apperr.KindConflict)
	_, err = f.Invoices.Get(ctx, r.ID())
	requireKind(t, err, apperr.KindNotFound)
}

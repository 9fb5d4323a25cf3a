package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// moneyCaseCommands wires finance's refunds (退款待办).
func (w wiring) moneyCaseCommands(c *Commands) {
	d := w.d
	c.MarkRefunded = command.NewMarkRefundedHandler(d.Members, d.Payments, d.Notifications, d.Authorizer, d.Clock,
		w.loc, w.audit)
	// Statement lines may match a balance due after a partial payment.
	c.ImportStatement.WithPayments(d.Payments)
	c.AssignStatementLine.WithPayments(d.Payments)
}

// moneyCaseQueries wires the refund list and the payment ledger (缴费台账).
func (w wiring) moneyCaseQueries(q *Queries) {
	d := w.d
	q.RefundList = query.NewRefundListHandler(d.Payments, d.Authorizer)
	q.PaymentLedger = query.NewPaymentLedgerHandler(d.Payments, d.Staff, d.Authorizer, w.loc, w.audit)
}

package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

func (w wiring) memberFeeCommands(c *Commands) {
	d, loc := w.d, w.loc
	c.AssignPaymentRef = command.NewAssignPaymentRefHandler(d.Members, d.Authorizer, d.Clock)
	c.ClaimPayment = command.NewClaimPaymentHandler(d.Members, d.Payments, w.settings, d.Authorizer, d.Clock, loc)
	c.UploadPaymentVoucher = command.NewUploadPaymentVoucherHandler(d.Members, d.Payments, w.settings, d.Files,
		d.Authorizer, d.Clock, loc, w.images)
	c.StartOnlinePayment = command.NewStartOnlinePaymentHandler(d.Members, d.Payments, w.settings,
		d.PaymentGateway, d.Authorizer, d.Clock, command.OnlineOrderOptions{AssociationName: w.assoc,
			ReturnURL: w.o.PaymentReturnURL, NotifyURL: w.o.PaymentNotifyURL, Location: loc})
	c.HandlePaymentNotification = command.NewHandlePaymentNotificationHandler(d.Members, d.Payments,
		d.PaymentGateway, d.Clock, loc)
	c.QueryOpenPayments = command.NewQueryOpenPaymentsHandler(d.Payments, d.Leases, d.PaymentGateway,
		c.HandlePaymentNotification, d.Clock, w.o.PaymentQuery)
}

func (w wiring) staffFeeCommands(c *Commands) {
	d, loc := w.d, w.loc
	c.ConfirmPayment = command.NewConfirmPaymentHandler(d.Members, d.Payments, d.Authorizer, d.Clock, loc, w.audit).
		WithBankFeeTolerance(bankFeeTolerance(w.o.BankFeeToleranceFen))
	c.RejectPayment = command.NewRejectPaymentHandler(d.Members, d.Payments, d.Authorizer, d.Clock, loc, w.audit)
	c.ImportStatement = command.NewImportStatementHandler(d.Statements, d.Lookup, d.StatementParser, w.settings,
		d.Authorizer, d.Clock, loc, d.Tx, w.audit)
	c.AssignStatementLine = command.NewAssignStatementLineHandler(d.Members, d.Statements, w.settings,
		d.Authorizer, d.Clock, loc, d.Tx, w.audit)
	c.ConfirmStatement = command.NewConfirmStatementHandler(d.Members, d.Payments, d.Statements, d.Tx, w.settings,
		d.Authorizer, d.Clock, loc, w.audit)
	c.ApproveMemberships = command.NewApproveMembershipsHandler(d.Members, d.Tx, d.Authorizer, d.Clock, loc,
		w.audit)
	c.UpdateFeeSettings = command.NewUpdateFeeSettingsHandler(w.settings, d.Authorizer, d.Clock, loc, d.Tx,
		w.audit)
	c.RenewalSweep = command.NewRenewalSweepHandler(d.Members, d.Renewals, d.Leases, d.Tx, d.Clock,
		command.SweepOptions{Renewal: w.o.Renewal, LeaseTTL: w.o.SweepLeaseTTL, Location: loc})
}

func (w wiring) feeQueries(q *Queries) {
	d := w.d
	q.FeePage = query.NewFeePageHandler(d.Members, d.Payments, w.settings, d.PaymentGateway, d.Authorizer).
		WithInvoices(d.Invoices)
	q.OnlinePayment = query.NewOnlinePaymentHandler(d.Payments)
	q.OnlinePaymentReturn = query.NewOnlinePaymentReturnHandler(d.Payments, d.PaymentGateway)
	q.PaymentQueue = query.NewPaymentQueueHandler(d.Payments, d.Authorizer)
	q.PaymentDetail = query.NewPaymentDetailHandler(d.Members, d.Payments, w.settings, d.Authorizer)
	q.PaymentVoucher = query.NewPaymentVoucherHandler(d.Payments, d.Files, d.Authorizer)
	q.Statements = query.NewStatementsHandler(d.Statements, d.Authorizer)
	q.StatementDetail = query.NewStatementDetailHandler(d.Members, d.Statements, d.Authorizer)
	q.UnmatchedLines = query.NewUnmatchedLinesHandler(d.Members, d.Statements, d.Authorizer)
	q.SecretariatQueue = query.NewSecretariatQueueHandler(d.Lookup, d.Payments, d.Authorizer)
	q.FeeSettings = query.NewFeeSettingsHandler(w.settings, d.Authorizer)
}

// bankFeeTolerance is the configured bank-fee tolerance: 0 is the default,
// negative is none.
func bankFeeTolerance(fen int64) int64 {
	switch {
	case fen == 0:
		return command.DefaultBankFeeToleranceFen
	case fen < 0:
		return 0
	}
	return fen
}

package app

import (
	"context"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// invoicePorts are the ports of the invoice use cases.
func (w wiring) invoicePorts() command.InvoicePorts {
	d := w.d
	return command.InvoicePorts{Members: d.Members, Payments: d.Payments, Invoices: d.Invoices, Files: d.Files,
		Tx: d.Tx, Notifications: d.Notifications, Mailer: d.Mailer, Authz: d.Authorizer, Clock: d.Clock,
		Audit: w.audit, Location: w.loc, BaseURL: w.o.Site.BaseURL, Settings: w.settings, Images: w.images}
}

// invoiceEventHandlers settle an open advance invoice (借发票) when the fee
// arrives, however it arrives.
func (w wiring) invoiceEventHandlers() []eventhandler.Handler {
	if w.d.Invoices == nil {
		return nil
	}
	settle := command.NewSettleAdvanceHandler(w.invoicePorts())
	return []eventhandler.Handler{eventhandler.On("settle_advance_invoice_on_payment_confirmed",
		func(ctx context.Context, ev member.PaymentConfirmed) error {
			_, err := settle.Handle(ctx, ev.MemberID, ev.PaymentID)
			return err
		})}
}

func (w wiring) invoiceCommands(c *Commands) {
	p := w.invoicePorts()
	c.RequestInvoice = command.NewRequestInvoiceHandler(p)
	c.WithdrawInvoice = command.NewWithdrawInvoiceHandler(p)
	c.IssueInvoice = command.NewIssueInvoiceHandler(p)
	c.ReturnInvoice = command.NewReturnInvoiceHandler(p)
	c.VoidInvoice = command.NewVoidInvoiceHandler(p)
	c.RequestAdvanceInvoice = command.NewRequestAdvanceInvoiceHandler(p)
	c.UploadAdvanceScan = command.NewUploadAdvanceScanHandler(p)
	c.WriteOffAdvance = command.NewWriteOffAdvanceHandler(p)
	c.SettleAdvance = command.NewSettleAdvanceHandler(p)
	c.RemindAdvances = command.NewRemindAdvancesHandler(p, w.o.AdvanceReminderDays)
	c.UpdateInvoiceNotice = command.NewUpdateInvoiceNoticeHandler(p, w.d.Settings)
}

func (w wiring) invoiceQueries(q *Queries) {
	d := w.d
	q.MemberInvoices = query.NewMemberInvoicesHandler(d.Members, d.Payments, d.Invoices, d.Authorizer, d.Clock).
		WithNotice(d.Settings, w.assoc)
	q.InvoiceNotice = query.NewInvoiceNoticeHandler(d.Settings, d.Authorizer, w.assoc)
	q.InvoiceFile = query.NewInvoiceFileHandler(d.Invoices, d.Files, d.Authorizer)
	q.InvoiceQueue = query.NewInvoiceQueueHandler(d.Invoices, d.Authorizer, d.Clock, w.loc)
	q.InvoiceDetail = query.NewInvoiceDetailHandler(d.Invoices, d.Payments, d.Authorizer)
	q.AdvancePDF = query.NewAdvancePDFHandler(d.Invoices, d.Documents, d.Authorizer, w.assoc)
}

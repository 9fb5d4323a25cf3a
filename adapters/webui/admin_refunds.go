package webui

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// The money cases' pages (issue 12 item 5): 退款待办 and the ledger export.
const (
	adminRefundsPath = "/admin/refunds"
	adminLedgerPath  = adminPaymentsPath + "/ledger"
)

// refundListView is the data of 退款待办.
type refundListView struct {
	List     query.RefundListPage
	Rows     []paymentRow
	Tabs     []queueTab
	PrevPage string
	NextPage string
}

// adminRefundsList is 退款待办: the payments with money to refund (an excess
// or a duplicate), newest first, and those refunded, with the count of each
// tab; each row leads to the payment, where finance marks it refunded.
func (u *UI) adminRefundsList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	l, err := u.app.Queries.RefundList.Handle(req.Context(), query.RefundList{Principal: sc.Session.Principal,
		State: payment.RefundState(req.URL.Query().Get("state")), Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := refundListView{List: l}
	for _, t := range []struct {
		label string
		state payment.RefundState
		count int
	}{
		{"退款待办", payment.RefundDue, l.Counts.RefundDue},
		{"已退款", payment.RefundRefunded, l.Counts.Refunded},
	} {
		v.Tabs = append(v.Tabs, queueTab{Label: t.label, Href: adminRefundsPath + "?state=" + string(t.state),
			Count: t.count, Active: t.state == l.State})
	}
	for _, it := range l.Items {
		v.Rows = append(v.Rows, u.paymentRowOf(it, adminPaymentsPath, adminPaymentsPath))
	}
	v.PrevPage, v.NextPage = queueLinks(l.Page, l.Pages, func(n int) string {
		return adminRefundsPath + "?state=" + string(l.State) + "&page=" + itoa(n)
	})
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "refunds")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_refunds.html", p)
	return nil
}

// adminPaymentRefunded is 「标记已退款」 on a payment with money to refund: the
// day, the bank's reference and an optional note. Marked already (twice, or by
// another finance user first) is a conflict shown on the page.
func (u *UI) adminPaymentRefunded(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	dayText, ref, note := req.PostFormValue("refunded_on"), req.PostFormValue("refund_ref"), req.PostFormValue("note")
	own := map[string][2]string{}
	day, ok := u.parseDay(dayText)
	if !ok {
		own["refunded_on"] = [2]string{"date_invalid", "请填写正确的退款日期"}
	}
	err := u.app.Commands.MarkRefunded.Handle(req.Context(), command.MarkRefunded{Principal: sc.Session.Principal,
		PaymentID: req.Param("id"), RefundedOn: day, Ref: ref, Note: note})
	if err = fieldErrors(err, own); err != nil {
		p := u.newPage(w, req, "")
		p.Form = newForm().set("refunded_on", dayText).set("refund_ref", ref).set("note", note).
			set("paid_on", u.now().Format("2006-01-02"))
		return u.paymentDecisionFailed(w, req, sc, p, err)
	}
	return redirectDone(w, req, adminPaymentsPath+"/"+url.PathEscape(req.Param("id")), "refunded")
}

// canMarkRefunds tells whether the staff member may mark refunds.
func (u *UI) canMarkRefunds(p access.Principal) bool {
	ok, _ := u.app.Can(p, access.MarkRefunded)
	return ok
}

// ledgerFilter is the ledger export's form on 缴费确认: the confirmation
// dates, the method and the status, kept in the URL.
type ledgerFilter struct {
	From, To, Method, Status string
	Allowed                  bool
}

// adminLedgerExport streams the payment ledger (缴费台账) that the filters
// select as an XLSX sheet or a CSV file (the core records the export in the
// audit log). A wrong filter shows the error page before any byte of the file.
func (u *UI) adminLedgerExport(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q := req.URL.Query()
	ex := query.PaymentLedger{Principal: sc.Session.Principal, Status: payment.Status(q.Get("status")),
		Method: payment.Method(q.Get("method")), From: q.Get("from"), To: q.Get("to"), Format: q.Get("format")}
	h := u.app.Queries.PaymentLedger
	if _, err := h.Check(ex); err != nil {
		return u.showError(w, req, err)
	}
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(ex.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", u.exportTitle(req.Request, "缴费台账")+"."+ex.Format,
		"ledger."+ex.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	tw, err := u.exportWriter(req.Request, ex.Format, w, "缴费台账")
	if err != nil {
		return u.showError(w, req, err)
	}
	if _, err := h.Handle(req.Context(), ex, tw); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}

// canExportLedger tells whether the staff member may export the ledger.
func (u *UI) canExportLedger(sc *staffCtx) bool {
	ok, _ := u.app.Can(sc.Session.Principal, access.ExportPayments)
	return ok
}

// refundCards are the money cases' work on 后台首页 for staff who may mark
// refunds: the refunds due (退款待办) and the partial payments whose balance
// is still due (部分到账).
func (u *UI) refundCards(req bunrouter.Request, sc *staffCtx) ([]queueCard, error) {
	p := sc.Session.Principal
	if !u.canMarkRefunds(p) {
		return nil, nil
	}
	l, err := u.app.Queries.RefundList.Handle(req.Context(), query.RefundList{Principal: p, PageSize: 1})
	if err != nil {
		return nil, err
	}
	return []queueCard{
		{Title: "退款待办", Waiting: "多收或重复缴纳、等待退款的款项", Count: l.Counts.RefundDue,
			Href: adminRefundsPath + "?state=due", Action: "进入退款待办"},
		{Title: "部分到账", Waiting: "已登记部分缴费、余额尚未缴清的会员", Count: l.Counts.Partial,
			Href: adminPaymentsPath + "?status=partial", Action: "查看部分到账"},
	}, nil
}

// moneySummary is what a member's record says of the money cases: the balance
// due after a partial payment and the money waiting to be refunded.
type moneySummary struct {
	BalanceFen int64
	RefundFen  int64
}

// moneySummaryOf sums up a member's payments (newest first): the newest owing
// partial payment's balance is the balance due now (each later claim is for
// the balance), refunds due add up.
func moneySummaryOf(ps []query.PaymentItem) moneySummary {
	var m moneySummary
	for _, it := range ps {
		if it.Owing && m.BalanceFen == 0 {
			m.BalanceFen = it.BalanceFen
		}
		if it.RefundState == payment.RefundDue {
			m.RefundFen += it.RefundFen
		}
	}
	return m
}

package webui

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// paymentQueueView is the data of 缴费确认.
type paymentQueueView struct {
	Ledger   ledgerFilter // the ledger export's form (缴费台账)
	Queue    query.PaymentQueuePage
	Rows     []paymentRow
	Tabs     []queueTab
	Status   string
	PrevPage string
	NextPage string
}

// adminPaymentsList is 缴费确认: the claims and vouchers waiting for finance
// (oldest first) and the confirmed, returned and duplicate ones, with the count
// of each tab.
func (u *UI) adminPaymentsList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q, err := u.app.Queries.PaymentQueue.Handle(req.Context(), query.PaymentQueue{Principal: sc.Session.Principal,
		Status: payment.Status(req.URL.Query().Get("status")), Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	lq := req.URL.Query()
	v := paymentQueueView{Queue: q, Status: string(q.Status), Ledger: ledgerFilter{From: lq.Get("from"),
		To: lq.Get("to"), Method: lq.Get("method"), Allowed: u.canExportLedger(sc)}}
	for _, t := range []struct {
		label  string
		status payment.Status
		count  int
	}{
		{"待确认", payment.StatusOpen, q.Counts.Open},
		{"已确认", payment.StatusConfirmed, q.Counts.Confirmed},
		{"已退回", payment.StatusRejected, q.Counts.Rejected},
		{"重复缴费", payment.StatusDuplicate, q.Counts.Duplicate},
		{"部分到账（尚欠余额）", payment.StatusPartial, q.Counts.Partial},
	} {
		v.Tabs = append(v.Tabs, queueTab{Label: t.label, Href: adminPaymentsPath + "?status=" + string(t.status),
			Count: t.count, Active: t.status == q.Status})
	}
	for _, it := range q.Items {
		v.Rows = append(v.Rows, u.paymentRowOf(it, adminPaymentsPath, adminPaymentsPath))
	}
	v.PrevPage, v.NextPage = queueLinks(q.Page, q.Pages, func(n int) string {
		return adminPaymentsPath + "?status=" + string(q.Status) + "&page=" + itoa(n)
	})
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "payments")
	p.Data = v
	p.Export = u.exportBarFor(sc, query.ExportListPayments, url.Values{"status": {string(q.Status)}})
	u.render(w, req, http.StatusOK, "admin_payments.html", p)
	return nil
}

// paymentDetailView is the data of one payment in the back office.
type paymentDetailView struct {
	Detail  query.PaymentDetailView
	Row     paymentRow
	History []paymentRow
	Base    string // /admin/payments/<id>
	BackURL string
	DueText string // ¥5000, "" when nothing is due
	// VoucherImage is true when the voucher is a picture shown inline.
	VoucherImage bool
	Today        string // the default 到账日期
	// CanRefund offers 「标记已退款」 (a refund is due and the staff may mark it).
	CanRefund bool
}

// Messages after a decision on a payment.
var paymentNotices = map[string]string{
	"confirmed": "已确认到账，该会员已转入秘书处审批，系统已通知该会员",
	"refunded":  "已标记为已退款，系统已通知该会员",
	"recorded":  "已登记到账。部分缴费的余额将继续向会员收取；多收或重复的款项已列入「退款待办」",
	"rejected":  "已退回该缴费申请，系统已将退回原因通知该会员",
}

// adminPaymentShow is one claim or voucher: the member, what is due, the voucher,
// and the forms 「确认到账」 (amount in yuan, date, bank reference) and 「退回」
// (with a reason).
func (u *UI) adminPaymentShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	today := u.now().Format("2006-01-02")
	p.Form = newForm().set("paid_on", today).set("refunded_on", today)
	p.Notice = noticeFor(req, paymentNotices)
	return u.renderPaymentDetail(w, req, sc, p, http.StatusOK)
}

// renderPaymentDetail loads the payment of the :id parameter and renders its page
// with p's form and the status.
func (u *UI) renderPaymentDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	id := req.Param("id")
	d, err := u.app.Queries.PaymentDetail.Handle(req.Context(), query.PaymentDetail{
		Principal: sc.Session.Principal, PaymentID: id})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := adminPaymentsPath + "/" + url.PathEscape(id)
	v := paymentDetailView{Detail: d, Row: u.paymentRowOf(d.PaymentItem, adminPaymentsPath, adminPaymentsPath),
		Base: base, BackURL: adminPaymentsPath + "?status=" + string(d.Status),
		VoucherImage: d.HasVoucher && isJPEGName(d.VoucherName),
		Today:        u.now().Format("2006-01-02")}
	v.CanRefund = d.RefundState == payment.RefundDue && u.canMarkRefunds(sc.Session.Principal)
	if d.DueFen > 0 {
		v.DueText = payment.Yuan(d.DueFen)
	}
	for _, it := range d.History {
		v.History = append(v.History, u.paymentRowOf(it, adminPaymentsPath, adminPaymentsPath))
	}
	p.Portal = u.staffPortal(sc, "payments")
	p.Data = v
	u.render(w, req, status, "admin_payment.html", p)
	return nil
}

// isJPEGName reports whether a voucher's display name is a JPEG's (the core
// names unnamed vouchers by their checked type; query.PaymentItem carries no
// content type).
func isJPEGName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".jpg") || strings.HasSuffix(n, ".jpeg")
}

// adminPaymentVoucher serves a payment's 缴费凭证 to finance.
func (u *UI) adminPaymentVoucher(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v, err := u.app.Queries.PaymentVoucher.Handle(req.Context(), query.PaymentVoucher{
		Principal: sc.Session.Principal, PaymentID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return serveVoucher(w, v)
}

// adminPaymentConfirm is 「确认到账」: the amount that arrived (in yuan; the core
// compares fen with the amount due and refuses a wrong one with its message), the
// day and the bank's reference. A claim another finance user handled first is a
// conflict shown on the page.
func (u *UI) adminPaymentConfirm(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	amountText, dayText, ref := req.PostFormValue("amount"), req.PostFormValue("paid_on"), req.PostFormValue("bank_ref")
	own := map[string][2]string{}
	fen, ok := parseYuan(amountText)
	if !ok && amountText != "" {
		own["amount"] = [2]string{"amount_invalid", "请填写正确的到账金额（元），如 5000 或 5000.00"}
	}
	day, ok := u.parseDay(dayText)
	if !ok {
		own["paid_on"] = [2]string{"date_invalid", "请填写正确的到账日期"}
	}
	partial := req.PostFormValue("partial")
	err := u.app.Commands.ConfirmPayment.Handle(req.Context(), command.ConfirmPayment{
		Principal: sc.Session.Principal, PaymentID: req.Param("id"), AmountFen: fen, PaidOn: day, BankRef: ref,
		Partial: partial != ""})
	if err = fieldErrors(err, own); err != nil {
		p := u.newPage(w, req, "")
		p.Form = newForm().set("amount", amountText).set("paid_on", dayText).set("bank_ref", ref).
			set("partial", partial)
		return u.paymentDecisionFailed(w, req, sc, p, err)
	}
	notice := "confirmed"
	if partial != "" {
		notice = "recorded"
	}
	return redirectDone(w, req, adminPaymentsPath+"/"+url.PathEscape(req.Param("id")), notice)
}

// adminPaymentReject is 「退回」 with the reason the member sees.
func (u *UI) adminPaymentReject(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("reason")
	err := u.app.Commands.RejectPayment.Handle(req.Context(), command.RejectPayment{
		Principal: sc.Session.Principal, PaymentID: req.Param("id"), Reason: reason})
	if err != nil {
		p := u.newPage(w, req, "")
		p.Form = newForm().set("reason", reason).set("paid_on", u.now().Format("2006-01-02"))
		return u.paymentDecisionFailed(w, req, sc, p, err)
	}
	return redirectDone(w, req, adminPaymentsPath+"/"+url.PathEscape(req.Param("id")), "rejected")
}

// paymentDecisionFailed re-renders the payment with the reason a decision was
// refused: field errors (amount, date, reference, reason) or a conflict (handled
// already, nothing due).
func (u *UI) paymentDecisionFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p.Form.fail(e)
	return u.renderPaymentDetail(w, req, sc, p, httpkit.Status(e.Kind))
}

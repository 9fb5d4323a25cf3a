package webui

import (
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// maxNotifyBytes bounds the body of a gateway notification (a few hundred bytes
// in practice).
const maxNotifyBytes = 64 << 10

// The answers of the notification endpoint: exactly "success" once the payment is
// recorded, anything else makes the gateway deliver it again.
const (
	notifyAck  = "success"
	notifyFail = "fail"
)

// memberFeesOnline is 「支付宝付款 ¥480/年 立即支付」: the core opens an order and
// the browser is sent to the gateway's cashier (303).
func (u *UI) memberFeesOnline(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	res, err := u.app.Commands.StartOnlinePayment.Handle(req.Context(), command.StartOnlinePayment{
		Principal: mc.Session.Principal})
	if err != nil {
		return u.feesFailed(w, req, mc, 0, err)
	}
	http.Redirect(w, req.Request, res.RedirectURL, http.StatusSeeOther)
	return nil
}

// paymentReturnView is the data of the page the gateway sends the member back to.
type paymentReturnView struct {
	Order query.OnlinePaymentView
	// Title is the result in the member's words: 「支付成功，等待秘书处审批」,
	// 「支付成功」 or 「支付处理中」.
	Title   string
	Message string
	Paid    bool
	Again   string // this page, to look again while the payment is processed
}

// memberPaymentReturn is the synchronous return (return_url): the core verifies
// the gateway's signature and tells what it has recorded. The return itself
// confirms nothing; when the notification has not arrived yet, the gateway is
// asked once (alipay.trade.query) and a paid order is recorded as the
// notification would; else the page says the payment is still being processed.
func (u *UI) memberPaymentReturn(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	o, err := u.app.Queries.OnlinePaymentReturn.Handle(req.Context(), query.OnlinePaymentReturn{
		Principal: mc.Session.Principal, Query: req.URL.Query()})
	if err != nil {
		return u.showError(w, req, err)
	}
	if o.Status == payment.StatusOpen && !o.AwaitingFinance { // the notification has not arrived: ask once
		if err := u.app.Commands.QueryOpenPayments.AskOnce(req.Context(), o.OutTradeNo); err != nil {
			httpmw.Logger(req.Context(), u.log).Warn("ask the gateway about a returned order", "err", err)
		} else if again, err := u.app.Queries.OnlinePaymentReturn.Handle(req.Context(), query.OnlinePaymentReturn{
			Principal: mc.Session.Principal, Query: req.URL.Query()}); err == nil {
			o = again
			u.reloadDashboard(req, mc) // the ask may have moved the member on
		}
	}
	v := paymentReturnView{Order: o, Paid: o.Paid, Message: o.Message, Again: req.URL.RequestURI()}
	switch {
	case o.Paid && (mc.Dash.Status == member.StatusPaid || mc.Dash.Status == member.StatusAwaitingSecretariat):
		v.Title = "支付成功，等待秘书处审批"
		v.Message = fmt.Sprintf("会费已确认到账，请等待%s秘书处审批。审批通过后即可在会员首页查看会员有效期。", u.site.Name)
	case o.Paid:
		v.Title = "支付成功"
		if !mc.Dash.ValidUntil.IsZero() {
			v.Message = fmt.Sprintf("会费已确认到账，会员有效期至 %s。", calendarDay(mc.Dash.ValidUntil))
		}
	case o.AwaitingFinance:
		v.Title = "沙箱支付完成，等待财务确认"
	case o.Status == payment.StatusOpen:
		v.Title = "支付处理中"
	default:
		v.Title = o.StatusLabel
	}
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "fees")
	p.Data = v
	u.render(w, req, http.StatusOK, "payment_return.html", p)
	return nil
}

// reloadDashboard reads the member's status again after a change the request
// made, so that the page shows the new one; on failure the old one stays.
func (u *UI) reloadDashboard(req bunrouter.Request, mc *memberCtx) {
	if dash, err := u.app.Queries.MemberDashboard.Handle(req.Context(), mc.Session.Principal); err == nil {
		mc.Dash = dash
	}
}

// paymentNotify is the gateway's asynchronous notification (notify_url): a
// form-encoded POST from the gateway, without session or CSRF token — its
// signature, app id, order and amount are checked in the core. The answer is
// exactly "success" only after the core recorded the payment (or found it
// recorded before); a refused or failed notification gets "fail" and nothing
// changes, so the gateway delivers it again later.
func (u *UI) paymentNotify(w http.ResponseWriter, req bunrouter.Request) error {
	log := httpmw.Logger(req.Context(), u.log)
	answer := func(status int, body string) error {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, err := w.Write([]byte(body))
		return err
	}
	req.Body = http.MaxBytesReader(w, req.Body, maxNotifyBytes)
	if err := req.ParseForm(); err != nil {
		log.Warn("payment notification unreadable", "err", err)
		return answer(http.StatusBadRequest, notifyFail)
	}
	err := u.app.Commands.HandlePaymentNotification.Handle(req.Context(), req.PostForm)
	if err == nil {
		return answer(http.StatusOK, notifyAck)
	}
	e := apperr.As(err)
	if e.Kind == apperr.KindInternal {
		log.Error("payment notification failed", "err", err)
		return answer(http.StatusInternalServerError, notifyFail)
	}
	log.Warn("payment notification refused", "code", e.Code, "err", err)
	return answer(http.StatusOK, notifyFail)
}

package webui

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// feesView is the data of 缴纳会费.
type feesView struct {
	// Steps is the join flow's progress bar (④ current) while the member is
	// still joining; nil once a member.
	Steps      []stepView
	Fee        query.FeePageView
	Individual bool
	// Renewal is true when the fee now due renews a membership.
	Renewal bool
	// Open is the claim or voucher waiting for finance, nil when none.
	Open *paymentRow
	// History lists the member's payments, newest first.
	History []paymentRow
	// NotYet explains why nothing can be paid yet (before approval).
	NotYet string
	// PaidText says the fee is paid (and what comes next) once it is.
	PaidText      string
	SandboxNotice string
	ClaimPath     string
	OnlinePath    string
	VoucherPath   string
	VoucherHint   string
	VoucherAccept string
	// Notice is the editor's 缴费须知 (the latest one the member may read), nil
	// when there is none.
	Notice *feeNotice
}

// feeNotice is the 缴费须知 shown above the payee.
type feeNotice struct {
	Title string
	Body  template.HTML
}

// Messages of 缴纳会费 after a redirect.
var feesNotices = map[string]string{
	"claimed": "已申请查看缴费状态，请等待财务确认到账",
	"voucher": "缴费凭证已上传，请等待财务确认到账",
}

// sandboxNotice is what the fee page says while payments go to the embedded
// sandbox.
const sandboxNotice = "沙箱环境 — 不会产生真实扣款"

// memberFeesShow is 缴纳会费: the fee schedule, the transfer details with the
// member's payment reference code, 「申请查看缴费状态」 (enterprises) or 支付宝付款 and
// the 缴费凭证 upload (individuals), and the 缴费状态 line.
func (u *UI) memberFeesShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, feesNotices)
	return u.renderFees(w, req, mc, p, http.StatusOK)
}

// renderFees loads the member's fee page and renders it with p's form (messages
// of a refused claim or upload) and status.
func (u *UI) renderFees(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int) error {
	// The query only reads: a member approved before reference codes were
	// assigned at approval gets its code first.
	assign := command.AssignPaymentRef{Principal: mc.Session.Principal}
	if _, err := u.app.Commands.AssignPaymentRef.Handle(req.Context(), assign); err != nil {
		return u.showError(w, req, err)
	}
	fv, err := u.app.Queries.FeePage.Handle(req.Context(), query.FeePage{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := feesView{Fee: fv, Individual: fv.Kind == member.Individual,
		Renewal:   fv.Payable && fv.Purpose == payment.PurposeRenewal,
		ClaimPath: feesClaimPath, OnlinePath: feesOnlinePath, VoucherPath: feesVoucherPath,
		VoucherHint: voucherHint, VoucherAccept: voucherAccept}
	if mc.Dash.Step != 0 {
		v.Steps = stepsFor(fv.Kind, stepReview)
	}
	if u.cfg.PaymentSandbox != nil {
		v.SandboxNotice = sandboxNotice
	}
	if n, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: mc.Session.Principal,
		Column: content.FeeNotice, PageSize: 1}); err == nil && len(n.Items) > 0 {
		v.Notice = &feeNotice{Title: n.Items[0].Title, Body: u.md.render(n.Items[0].Body)}
	}
	if fv.OpenPayment != nil {
		r := u.paymentRowOf(*fv.OpenPayment, "", feesPath+"/payments")
		v.Open = &r
	}
	for _, it := range fv.History {
		if it.Method == payment.MethodAlipay && it.Status == payment.StatusOpen && !it.Sandbox {
			it.StatusLabel = "未支付" // an order the gateway has not reported paid
		}
		v.History = append(v.History, u.paymentRowOf(it, "", feesPath+"/payments"))
	}
	switch {
	case fv.Payable:
	case fv.Status.Restricted():
		v.NotYet = restrictedText(fv.Status, fv.StatusReason)
	case fv.Number == "":
		v.NotYet = "入会申请审核通过后才能缴纳会费，请先完成入会申请。"
	case fv.State == payment.StatePaid && (fv.Status == member.StatusPaid || fv.Status == member.StatusAwaitingSecretariat):
		v.PaidText = fmt.Sprintf("会费已缴纳，等待%s秘书处审批。", u.site.Name)
	case fv.State == payment.StatePaid:
		v.PaidText = fmt.Sprintf("会费已缴纳，会员有效期至 %s。", calendarDay(fv.ValidUntil))
	}
	p.Portal = u.memberPortal(mc, "fees")
	p.Data = v
	p.csp = u.feesCSP
	u.render(w, req, status, "member_fees.html", p)
	return nil
}

// feesFailed re-renders 缴纳会费 with the message of a refused claim, payment or
// upload (under the voucher input where it concerns the file); anything that is
// not the member's doing gets the error page.
func (u *UI) feesFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, status int, err error) error {
	return u.refused(w, req, nil, status, err, func(p *page, status int) error {
		return u.renderFees(w, req, mc, p, status)
	})
}

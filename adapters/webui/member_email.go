package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
)

// msgVerifyMailSent confirms 「重新发送验证邮件」.
const msgVerifyMailSent = "验证邮件已重新发送，请查收（也请检查垃圾邮件箱）"

// memberEmailView is the data of 验证邮箱 in the portal.
type memberEmailView struct {
	Email    string
	Verified bool
}

// memberEmailShow is 验证邮箱: what to do until the address is verified, with
// 「重新发送验证邮件」.
func (u *UI) memberEmailShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.renderVerifyStep(w, req, mc, "", http.StatusOK)
}

// memberEmailResend is 「重新发送验证邮件」; the core limits how often.
func (u *UI) memberEmailResend(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.ResendVerification.Handle(req.Context(),
		command.ResendEmailVerification{Principal: mc.Session.Principal})
	if err != nil {
		p := u.verifyStepPage(w, req, mc, "")
		return u.formFailed(w, req, err, "member_email.html", p)
	}
	return redirectDone(w, req, memberEmailPath, "sent")
}

// verifiedOnly shows the verification step instead of a page that needs a
// verified address (the application's and the fees' pages): the core would
// refuse what they offer.
func (u *UI) verifiedOnly(active string,
	h func(http.ResponseWriter, bunrouter.Request, *memberCtx) error) func(http.ResponseWriter, bunrouter.Request, *memberCtx) error {
	return func(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
		if !mc.Dash.EmailVerified {
			return u.renderVerifyStep(w, req, mc, active, http.StatusOK)
		}
		return h(w, req, mc)
	}
}

// renderVerifyStep renders 验证邮箱 with the menu entry active marked.
func (u *UI) renderVerifyStep(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, active string, status int) error {
	p := u.verifyStepPage(w, req, mc, active)
	p.Notice = noticeFor(req, map[string]string{"sent": msgVerifyMailSent})
	u.render(w, req, status, "member_email.html", p)
	return nil
}

// verifyStepPage is the page data of 验证邮箱.
func (u *UI) verifyStepPage(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, active string) *page {
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, active)
	p.Portal.Unverified = false // the page says it all
	p.Form = newForm()
	p.Data = memberEmailView{Email: mc.Dash.Email, Verified: mc.Dash.EmailVerified}
	return p
}

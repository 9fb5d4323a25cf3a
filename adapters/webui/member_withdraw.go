package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/httpkit"
)

// withdrawPath is the member's own 申请退会.
const withdrawPath = "/member/withdraw"

// canWithdraw tells whether the member's status allows 申请退会: a member from
// approval on, not while a payment claim waits for finance, not twice.
func canWithdraw(s member.Status) bool {
	return s.CanMoveTo(member.StatusWithdrawn) && s != member.StatusPaymentClaimed
}

// memberWithdrawShow is 申请退会: the reason and a confirmation.
func (u *UI) memberWithdrawShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	return u.renderWithdraw(w, req, mc, p, http.StatusOK)
}

// memberWithdrawSubmit ends the member's own membership and returns to 会员首页,
// which then shows 已退会 with the reason.
func (u *UI) memberWithdrawSubmit(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	f := newForm().set("reason", req.PostFormValue("reason")).set("confirm", req.PostFormValue("confirm"))
	err := u.app.Commands.RequestWithdrawal.Handle(req.Context(), command.RequestWithdrawal{
		Principal: mc.Session.Principal, Reason: f.Value("reason"), Confirmed: f.Value("confirm") == "1"})
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
			return u.showError(w, req, err)
		}
		f.fail(e)
		p := u.newPage(w, req, "")
		p.Form = f
		return u.renderWithdraw(w, req, mc, p, httpkit.Status(e.Kind))
	}
	return redirect(w, req, "/member")
}

func (u *UI) renderWithdraw(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int) error {
	p.Portal = u.memberPortal(mc, "home")
	p.Data = struct {
		Allowed bool
		Action  string
	}{canWithdraw(mc.Dash.Status), withdrawPath}
	u.render(w, req, status, "member_withdraw.html", p)
	return nil
}

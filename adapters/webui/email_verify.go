package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
)

// Email verification (issue 9, finding 13). A link in the registration mail
// opens verifyEmailPath; the page asks for one click, whose POST verifies.
// Opening the link alone verifies nothing: mail scanners and link previews
// open links too, and an address must not count as verified because a
// machine looked at a mail the attacker caused to be sent.
const (
	verifyEmailPath = "/email/verify"
	memberEmailPath = "/member/email"
	resendPath      = memberEmailPath + "/resend"
)

// emailVerifyView is the data of the page a verification link opens.
type emailVerifyView struct {
	Token    string
	Verified bool // the address is verified already
	Done     bool // verified by this click
	LoggedIn bool // a member is logged in (the links lead on to the portal)
}

// emailVerifyShow is the page a verification link opens: one button that
// confirms, or, for a dead link, what happened and the way to a new one.
func (u *UI) emailVerifyShow(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.URL.Query().Get("token")
	p := u.publicPage(w, req, "login")
	view := emailVerifyView{Token: token, LoggedIn: p.Viewer.Member}
	p.Form = newForm()
	link, err := u.app.Queries.VerificationLink.Handle(req.Context(), token)
	if err != nil {
		if apperr.As(err).Code != auth.CodeVerifyLinkInvalid {
			return u.showError(w, req, err)
		}
		p.Form.fail(apperr.As(err))
	}
	view.Verified = link.Verified
	p.Data = view
	u.render(w, req, http.StatusOK, "email_verify.html", p)
	return nil
}

// emailVerifySubmit is 「确认验证邮箱」: the token is used up and the address
// verified.
func (u *UI) emailVerifySubmit(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.PostFormValue("token")
	_, err := u.app.Commands.VerifyEmail.Handle(req.Context(), command.VerifyEmail{Token: token})
	p := u.publicPage(w, req, "login")
	view := emailVerifyView{Token: token, LoggedIn: p.Viewer.Member}
	p.Data = view
	if err != nil {
		p.Form = newForm()
		return u.formFailed(w, req, err, "email_verify.html", p)
	}
	view.Done = true
	p.Data = view
	u.render(w, req, http.StatusOK, "email_verify.html", p)
	return nil
}

package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
)

// passwordForgotSubmit sends a single-use, expiring reset link to the registered
// email.
func (u *UI) passwordForgotSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	email := req.PostFormValue("email")
	err := u.app.Commands.RequestPasswordReset.Handle(req.Context(), command.RequestPasswordReset{
		Email: email, CaptchaToken: req.PostFormValue("captcha_token"),
	})
	p := u.publicPage(w, req, "login")
	if err != nil {
		p.Form = newForm().set("email", email)
		return u.formFailed(w, req, err, "password_forgot.html", p)
	}
	u.render(w, req, http.StatusOK, "password_forgot_done.html", p)
	return nil
}

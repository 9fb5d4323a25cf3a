package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
)

// passwordResetSubmit sets the new password with the link's token; the token is
// used up and every session of the member ends.
func (u *UI) passwordResetSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.PostFormValue("token")
	err := u.app.Commands.ResetPassword.Handle(req.Context(), command.ResetPassword{
		Token:           token,
		Password:        req.PostFormValue("password"),
		PasswordConfirm: req.PostFormValue("password_confirm"),
		RemoteAddr:      httpmw.ClientIP(req.Request),
	})
	p := u.publicPage(w, req, "login")
	if err != nil {
		p.Form = newForm().set("token", token)
		return u.formFailed(w, req, err, "password_reset.html", p)
	}
	u.render(w, req, http.StatusOK, "password_reset_done.html", p)
	return nil
}

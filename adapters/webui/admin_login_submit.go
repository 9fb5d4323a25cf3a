package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
)

// adminLoginSubmit logs a staff account in; staff sessions end with the browser.
func (u *UI) adminLoginSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	next := safeAdminNext(req.PostFormValue("next"))
	res, err := u.app.Commands.StaffLogin.Handle(req.Context(), command.StaffLogin{
		Username:     req.PostFormValue("username"),
		Password:     req.PostFormValue("password"),
		CaptchaToken: req.PostFormValue("captcha_token"),
		RemoteAddr:   httpmw.ClientIP(req.Request),
	})
	if err != nil {
		p := u.newPage(w, req, "admin")
		p.Form = newForm().set("username", req.PostFormValue("username")).set("next", next)
		return u.formFailed(w, req, err, "admin_login.html", p)
	}
	u.startSession(w, req, res)
	return redirect(w, req, next)
}

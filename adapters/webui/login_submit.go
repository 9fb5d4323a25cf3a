package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
)

// loginSubmit logs a member in by name or member number and starts the session;
// 记住登录状态 keeps it for 30 days.
func (u *UI) loginSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	next := safeNext(req.PostFormValue("next"), "")
	remember := req.PostFormValue("remember") != ""
	res, err := u.app.Commands.Login.Handle(req.Context(), command.Login{
		Login:        req.PostFormValue("login"),
		Password:     req.PostFormValue("password"),
		Remember:     remember,
		CaptchaToken: req.PostFormValue("captcha_token"),
		RemoteAddr:   httpmw.ClientIP(req.Request),
	})
	if err != nil {
		p := u.publicPage(w, req, "login")
		p.Form = newForm().set("login", req.PostFormValue("login")).set("next", next)
		if remember {
			p.Form.set("remember", "1")
		}
		return u.formFailed(w, req, err, "login.html", p)
	}
	u.startSession(w, req, res)
	u.memberLocaleCookie(w, req, res.Session.Principal.ID) // the member's language setting
	return redirect(w, req, safeNext(next, "/member"))
}

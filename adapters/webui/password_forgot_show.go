package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// passwordForgotShow is 忘记密码: the registered email and the slider check.
func (u *UI) passwordForgotShow(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "login")
	p.Form = newForm()
	u.render(w, req, http.StatusOK, "password_forgot.html", p)
	return nil
}

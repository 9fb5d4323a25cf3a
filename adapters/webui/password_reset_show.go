package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

// msgResetLinkInvalid matches the core's message for a dead reset link.
const msgResetLinkInvalid = "重置链接无效、已使用或已过期，请重新申请"

// passwordResetShow is the page a reset link opens: the new password twice. The
// token is checked when the form is sent, where it is used up.
func (u *UI) passwordResetShow(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.URL.Query().Get("token")
	p := u.publicPage(w, req, "login")
	p.Form = newForm().set("token", token)
	if token == "" || len(token) > 128 {
		p.Form.errors["token"] = msgResetLinkInvalid
		p.Form.Message = msgResetLinkInvalid
	}
	u.render(w, req, http.StatusOK, "password_reset.html", p)
	return nil
}

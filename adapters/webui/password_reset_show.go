package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/apperr"
)

// msgResetLinkInvalid matches the core's message for a dead reset link.
const msgResetLinkInvalid = "重置链接无效、已使用或已过期，请重新申请"

// passwordResetShow is the page a reset link opens: the new password twice. A
// link that is unknown, used or expired says so at once, without the form; a
// live one is used up only when the form is sent.
func (u *UI) passwordResetShow(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.URL.Query().Get("token")
	p := u.publicPage(w, req, "login")
	p.Form = newForm().set("token", token)
	if err := u.app.Queries.ResetLink.Handle(req.Context(), token); apperr.IsKind(err, apperr.KindInvalid) {
		p.Form.errors["token"] = msgResetLinkInvalid
		p.Form.Message = msgResetLinkInvalid
	} else if err != nil {
		return err
	}
	u.render(w, req, http.StatusOK, "password_reset.html", p)
	return nil
}

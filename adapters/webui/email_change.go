package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
)

// emailChangePath is the page the confirmation link of a login-email change
// opens (the link is mailed to the new address when staff ask for the change
// in 账号协助). As with verification links, opening the page changes nothing:
// the change applies on the page's one button, so a mail scanner opening the
// link does not confirm it.
const emailChangePath = "/email/change"

// emailChangeView is the data of the confirmation page.
type emailChangeView struct {
	Token string
	Done  bool
}

// emailChangeShow is the page the link opens: one button that confirms.
func (u *UI) emailChangeShow(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "login")
	p.Form = newForm()
	p.Data = emailChangeView{Token: req.URL.Query().Get("token")}
	u.render(w, req, http.StatusOK, "email_change.html", p)
	return nil
}

// emailChangeSubmit is 「确认修改」: the token is used up and the address
// becomes the login email.
func (u *UI) emailChangeSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	token := req.PostFormValue("token")
	err := u.app.Commands.ConfirmEmailChange.Handle(req.Context(), command.ConfirmEmailChange{Token: token})
	p := u.publicPage(w, req, "login")
	p.Data = emailChangeView{Token: token, Done: err == nil}
	if err != nil {
		p.Form = newForm()
		return u.formFailed(w, req, err, "email_change.html", p)
	}
	u.render(w, req, http.StatusOK, "email_change.html", p)
	return nil
}

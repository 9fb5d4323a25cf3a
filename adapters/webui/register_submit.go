package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/member"
)

// registerDoneView is the data of 注册成功, with the join flow's progress bar.
type registerDoneView struct {
	Email      string
	Individual bool
	Steps      []stepView
}

// registerSubmit creates the account (立即注册); the core emails the notification.
// The member then logs in with the new name.
func (u *UI) registerSubmit(w http.ResponseWriter, req bunrouter.Request) error {
	kind := req.PostFormValue("kind")
	cmd := command.RegisterMember{
		Kind:            kind,
		Email:           req.PostFormValue("email"),
		Name:            req.PostFormValue("name"),
		Password:        req.PostFormValue("password"),
		PasswordConfirm: req.PostFormValue("password_confirm"),
		CaptchaToken:    req.PostFormValue("captcha_token"),
		Locale:          u.locale(req.Request),
	}
	view := registerKind(kind)
	if _, err := u.app.Commands.RegisterMember.Handle(req.Context(), cmd); err != nil {
		p := u.publicPage(w, req, "register")
		p.Form = newForm().set("email", cmd.Email).set("name", cmd.Name)
		p.Data = view
		return u.formFailed(w, req, err, "register.html", p)
	}
	p := u.publicPage(w, req, "register")
	kindDone := member.Enterprise
	if view.Individual {
		kindDone = member.Individual
	}
	p.Data = registerDoneView{Email: member.NormalizeEmail(cmd.Email), Individual: view.Individual,
		Steps: stepsFor(kindDone, stepRegister)}
	u.render(w, req, http.StatusOK, "register_done.html", p)
	return nil
}

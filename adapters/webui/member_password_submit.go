package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
)

// msgPasswordChanged confirms a changed password.
const msgPasswordChanged = "密码修改成功，其他设备上的登录已退出"

// memberPasswordSubmit changes the member's password; the member's other sessions
// end, this one stays.
func (u *UI) memberPasswordSubmit(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.ChangePassword.Handle(req.Context(), changePasswordCmd(req, mc.Session.Principal, mc.Token))
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "password")
	p.Form = newForm().set("email", req.PostFormValue("email"))
	if err != nil {
		p.Data = passwordView{Action: passwordPath, MustChange: mc.Dash.MustChangePassword}
		return u.formFailed(w, req, err, "password_change.html", p)
	}
	p.Notice = msgPasswordChanged
	p.Data = passwordView{Action: passwordPath}
	u.render(w, req, http.StatusOK, "password_change.html", p)
	return nil
}

// changePasswordCmd reads the 修改密码 form.
func changePasswordCmd(req bunrouter.Request, p access.Principal, token string) command.ChangePassword {
	return command.ChangePassword{
		Principal:        p,
		CurrentTokenHash: auth.HashToken(token),
		OldPassword:      req.PostFormValue("old_password"),
		NewPassword:      req.PostFormValue("new_password"),
		NewConfirm:       req.PostFormValue("new_password_confirm"),
		ConfirmEmail:     req.PostFormValue("email"), // an imported member's first change
	}
}

package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/internal/httpkit"
)

// staffAccountView is the data of one account's page in 工作人员管理.
type staffAccountView struct {
	Account query.StaffItem
	Roles   []application.Option
	Path    string
}

// adminStaffShow is one account: its details and the admin's actions (role,
// disable or enable, new password).
func (u *UI) adminStaffShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Notice = noticeFor(req, staffNotices)
	return u.renderStaffAccount(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderStaffAccount(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	a, err := u.app.Queries.StaffAccount.Handle(req.Context(), query.StaffAccount{Principal: sc.Session.Principal,
		StaffID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	if p.Form == nil {
		p.Form = newForm()
	}
	if p.Form.Value("role") == "" {
		p.Form.set("role", string(a.Role))
	}
	p.Portal = u.staffPortal(sc, "staff")
	p.Data = staffAccountView{Account: a, Roles: roleOptions(access.StaffRoles()), Path: staffAccountPath(a.ID)}
	u.render(w, req, status, "admin_staff_account.html", p)
	return nil
}

// staffAction runs one of the admin's actions on the account of the URL and
// shows the outcome: back to the account with its notice, or the page again
// with the refusal's messages (field values in keep).
func (u *UI) staffAction(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, done string, keep map[string]string,
	run func() error) error {
	err := run()
	if err == nil {
		return redirectDone(w, req, staffAccountPath(req.Param("id")), done)
	}
	return u.staffFormFailed(w, req, sc, err, func(p *page) error {
		for k, v := range keep {
			p.Form.set(k, v)
		}
		return u.renderStaffAccount(w, req, sc, p, httpkit.Status(apperr.As(err).Kind))
	})
}

// adminStaffRole is 「修改角色」.
func (u *UI) adminStaffRole(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	role := req.PostFormValue("role")
	return u.staffAction(w, req, sc, "role", map[string]string{"role": role}, func() error {
		return u.app.Commands.SetStaffRole.Handle(req.Context(), command.SetStaffRole{
			Principal: sc.Session.Principal, StaffID: req.Param("id"), Role: role})
	})
}

// adminStaffDisable is 「停用账号」.
func (u *UI) adminStaffDisable(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.staffAction(w, req, sc, "disabled", nil, func() error {
		return u.app.Commands.DisableStaffAccount.Handle(req.Context(), command.DisableStaffAccount{
			Principal: sc.Session.Principal, StaffID: req.Param("id")})
	})
}

// adminStaffEnable is 「启用账号」.
func (u *UI) adminStaffEnable(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.staffAction(w, req, sc, "enabled", nil, func() error {
		return u.app.Commands.EnableStaffAccount.Handle(req.Context(), command.EnableStaffAccount{
			Principal: sc.Session.Principal, StaffID: req.Param("id")})
	})
}

// adminStaffPassword is 「重置密码」: the admin types the new password twice.
func (u *UI) adminStaffPassword(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	pw := req.PostFormValue("password")
	return u.staffAction(w, req, sc, "password", nil, func() error {
		if pw != req.PostFormValue("password_confirm") {
			var v apperr.Validation
			v.Add("password_confirm", "password_mismatch", "两次输入的密码不一致")
			return v.Err()
		}
		return u.app.Commands.ResetStaffPassword.Handle(req.Context(), command.ResetStaffPassword{
			Principal: sc.Session.Principal, StaffID: req.Param("id"), Password: pw})
	})
}

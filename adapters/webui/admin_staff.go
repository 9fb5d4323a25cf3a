package webui

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminStaffPath is 工作人员管理 (admin only).
const adminStaffPath = "/admin/staff"

// staffListView is the data of 工作人员管理.
type staffListView struct {
	List  query.StaffListView
	Roles []application.Option // for the role choosers
	Prev  string
	Next  string
}

// Messages of 工作人员管理 after a redirect.
var staffNotices = map[string]string{ //nolint:gosec // G101: notices such as 密码已重置, not credentials
	"created":  "工作人员账号已创建，请将用户名和初始密码告知本人，并提醒其登录后修改密码",
	"role":     "角色已修改，该账号已打开的页面在下一次操作时即按新角色执行",
	"disabled": "账号已停用，该账号的登录会话已全部结束",
	"enabled":  "账号已启用，可以使用原密码登录",
	"password": "密码已重置，该账号的登录会话已全部结束；请将新密码告知本人",
}

// roleOptions are the staff roles as choices: 「财务（finance）」.
func roleOptions(roles []access.Role) []application.Option {
	out := make([]application.Option, len(roles))
	for i, r := range roles {
		out[i] = application.Option{Code: string(r), Label: fmt.Sprintf("%s（%s）", r.Label(), r)}
	}
	return out
}

// adminStaffList is 工作人员管理: the accounts, a page at a time, and the form
// that creates one.
func (u *UI) adminStaffList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm().set("role", string(access.RoleReviewer))
	p.Notice = noticeFor(req, staffNotices)
	return u.renderStaffList(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderStaffList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	list, err := u.app.Queries.StaffList.Handle(req.Context(), query.StaffList{Principal: sc.Session.Principal,
		Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := staffListView{List: list, Roles: roleOptions(list.Roles)}
	if list.Page > 1 {
		v.Prev = adminStaffPath + "?page=" + itoa(list.Page-1)
	}
	if list.Page < list.Pages {
		v.Next = adminStaffPath + "?page=" + itoa(list.Page+1)
	}
	p.Portal = u.staffPortal(sc, "staff")
	p.Data = v
	u.render(w, req, status, "admin_staff.html", p)
	return nil
}

// adminStaffCreate is 「新建账号」: on success back to the list with its
// notice; bad input shows the form again with each field's message (the
// passwords are not kept).
func (u *UI) adminStaffCreate(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	cmd := command.AdminCreateStaff{Principal: sc.Session.Principal, Username: req.PostFormValue("username"),
		DisplayName: req.PostFormValue("display_name"), Email: req.PostFormValue("email"),
		Role: req.PostFormValue("role"), Password: req.PostFormValue("password")}
	var own map[string][2]string
	if cmd.Password != req.PostFormValue("password_confirm") {
		own = map[string][2]string{"password_confirm": {"password_mismatch", "两次输入的密码不一致"}}
	}
	err := fieldErrors(nil, own)
	if err == nil {
		_, err = u.app.Commands.AdminCreateStaff.Handle(req.Context(), cmd)
	}
	if err == nil {
		return redirectDone(w, req, adminStaffPath, "created")
	}
	return u.staffFormFailed(w, req, sc, err, func(p *page) error {
		p.Form.set("username", cmd.Username).set("display_name", cmd.DisplayName).set("email", cmd.Email).
			set("role", cmd.Role)
		return u.renderStaffList(w, req, sc, p, httpkit.Status(apperr.As(err).Kind))
	})
}

// staffFormFailed shows a refused form of 工作人员管理 again through show, with
// the messages of err; errors that are no user's input show the error page.
func (u *UI) staffFormFailed(w http.ResponseWriter, req bunrouter.Request, _ *staffCtx, err error,
	show func(p *page) error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	return show(p)
}

// staffAccountPath is the page of one account.
func staffAccountPath(id string) string { return adminStaffPath + "/" + url.PathEscape(id) }

package webui

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
)

// memberHelpView is the 账号协助 card on a member's page (reviewer and admin):
// the account's login and email state and the buttons that help.
type memberHelpView struct {
	State  query.MemberAccountHelpView
	Path   string // the actions' base: /admin/members/{id}/help
	CSRF   string
	Notice string
	Error  string
	// Form is the 修改登录邮箱 form: the address typed and its message after a
	// refusal.
	Form *form
}

// Outcomes of the 账号协助 buttons, shown on the member's page after the
// redirect (?help=…).
var memberHelpMessages = map[string]string{
	"reset_sent":             "重置密码链接已发送到会员的注册邮箱（1小时内有效，此前发送的链接失效）",
	"unlocked":               "已解除登录锁定，会员现在可以重新登录",
	"mail_sent":              "验证邮件已重新发送到会员的注册邮箱",
	"email_sent":             "确认邮件已发送到新邮箱：会员打开邮件中的链接确认后，登录邮箱才会更改；原邮箱会收到通知",
	"not_locked":             "该账号没有登录失败记录，无需解除锁定",
	"email_already_verified": "该会员的邮箱已验证，无需重发验证邮件；如会员忘记密码，请发送重置密码链接",
	"verify_mail_throttled":  "验证邮件发送过于频繁（每分钟最多1封，每天最多5封），请稍后再试",
}

// Refusals of the 修改登录邮箱 form, on its field.
var memberEmailMessages = map[string]string{
	"required":        "请输入新的登录邮箱",
	"email_invalid":   "请输入有效的电子邮箱",
	"too_long":        "邮箱不能超过254个字符",
	"email_unchanged": "新邮箱与当前登录邮箱相同",
	"email_taken":     "该邮箱已被其他会员账号使用",
}

// memberHelpPath is the base of the 账号协助 actions of a member.
func memberHelpPath(id string) string { return adminMembersPath + "/" + url.PathEscape(id) + "/help" }

// memberHelp is the 账号协助 card of the member (its account as the page read
// it) for the staff member, or nil when the duty does not include it.
func (u *UI) memberHelp(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, a *query.MemberAccount) *memberHelpView {
	p := sc.Session.Principal
	if ok, _ := u.app.Can(p, access.HelpMemberAccount); !ok {
		return nil
	}
	id := a.ID
	st, err := u.app.Queries.MemberAccountHelp.Handle(req.Context(), query.MemberAccountHelp{Principal: p, MemberID: id,
		Account: a})
	if err != nil {
		return nil
	}
	v := &memberHelpView{State: st, Path: memberHelpPath(id), CSRF: u.csrf.token(w, req.Request), Form: newForm()}
	code := req.URL.Query().Get("help")
	if msg, ok := memberEmailMessages[req.URL.Query().Get("email_error")]; ok {
		v.Form.set("email", req.URL.Query().Get("email"))
		v.Form.errors["email"] = msg
		return v
	}
	switch code {
	case "reset_sent", "unlocked", "mail_sent", "email_sent":
		v.Notice = memberHelpMessages[code]
	default:
		v.Error = memberHelpMessages[code]
	}
	return v
}

// memberHelpAction runs one 账号协助 button and goes back to the member's
// page with its outcome; a refusal that is no user's doing shows the error
// page.
func (u *UI) memberHelpAction(w http.ResponseWriter, req bunrouter.Request, done string, run func() error) error {
	back := adminMembersPath + "/" + url.PathEscape(req.Param("id"))
	err := run()
	if err == nil {
		return redirect(w, req, back+"?help="+done+"#account-help")
	}
	e := apperr.As(err)
	if _, known := memberHelpMessages[e.Code]; known {
		return redirect(w, req, back+"?help="+e.Code+"#account-help")
	}
	return u.showError(w, req, err)
}

// adminMemberSendReset is 「发送重置密码链接」.
func (u *UI) adminMemberSendReset(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.memberHelpAction(w, req, "reset_sent", func() error {
		return u.app.Commands.SendMemberResetLink.Handle(req.Context(), command.SendMemberResetLink{
			Principal: sc.Session.Principal, MemberID: req.Param("id")})
	})
}

// adminMemberUnlock is 「解除登录锁定」.
func (u *UI) adminMemberUnlock(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.memberHelpAction(w, req, "unlocked", func() error {
		return u.app.Commands.UnlockMemberLogin.Handle(req.Context(), command.UnlockMemberLogin{
			Principal: sc.Session.Principal, MemberID: req.Param("id")})
	})
}

// adminMemberResendMail is 「重发验证邮件」.
func (u *UI) adminMemberResendMail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.memberHelpAction(w, req, "mail_sent", func() error {
		return u.app.Commands.ResendMemberMail.Handle(req.Context(), command.ResendMemberMail{
			Principal: sc.Session.Principal, MemberID: req.Param("id")})
	})
}

// adminMemberChangeEmail is 「修改登录邮箱」: a confirmation link goes to the
// new address. A refused address comes back in the form with its message.
func (u *UI) adminMemberChangeEmail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	email := req.PostFormValue("email")
	err := u.app.Commands.ChangeMemberEmail.Handle(req.Context(), command.ChangeMemberEmail{
		Principal: sc.Session.Principal, MemberID: req.Param("id"), NewEmail: email})
	back := adminMembersPath + "/" + url.PathEscape(req.Param("id"))
	if err == nil {
		return redirect(w, req, back+"?help=email_sent#account-help")
	}
	for _, f := range apperr.As(err).Fields {
		if _, ok := memberEmailMessages[f.Code]; ok && f.Field == "email" {
			q := url.Values{"email_error": {f.Code}, "email": {email}}
			return redirect(w, req, back+"?"+q.Encode()+"#account-help")
		}
	}
	return u.showError(w, req, err)
}

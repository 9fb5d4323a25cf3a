package webui

import "strconv"

// staffForms writes the 资料与会籍管理 card (编辑资料, 调整级别, 暂停/恢复/退会;
// admin_member_staff.go) with the failed form f's values and messages, csrf
// the page's token; nothing when the staff member may change nothing.
func (w *detailWriter) staffForms(s *memberStaffView, f *form, csrf string) {
	if !s.Any() {
		return
	}
	w.raw("\n    <section class=\"card\" id=\"member-staff\" aria-labelledby=\"staff-title\">\n      " +
		"<div class=\"card__head\"><h2 id=\"staff-title\" class=\"card__title\">资料与会籍管理</h2>")
	if s.EditURL != "" {
		w.raw(`<a class="btn btn--primary btn--small" href="`)
		w.href(s.EditURL)
		w.raw(`" id="edit-member">编辑资料</a>`)
	}
	w.raw("</div>\n      ")
	if s.StatusReason != "" {
		w.raw(`<p class="alert alert--warning" role="status">会籍状态原因：`)
		w.text(s.StatusReason)
		w.raw(`</p>`)
	}
	w.raw("\n      <div class=\"grid grid--2\">\n      ")
	if s.LevelURL != "" {
		w.raw(`<form class="form" method="post" action="`)
		w.href(s.LevelURL)
		w.raw("\" aria-labelledby=\"level-title\" novalidate>\n        " +
			"<h3 id=\"level-title\" class=\"member-section__title\">调整级别</h3>\n        ")
		w.csrf(csrf)
		w.raw("\n        ")
		w.choice(newChoice(f, "level", "新级别", s.Levels, "请选择会员级别", "required"))
		w.raw("\n        ")
		w.field(newField(f, "doc_no", "文号", "text", "如 质协〔2024〕8号", "required", "maxlength=100"))
		w.raw("\n        ")
		w.textarea(newField(f, "level_reason", "调整原因", "textarea", "如：理事会决议增补为理事", "required", "rows=2",
			"maxlength=500"))
		w.raw("\n        <p class=\"field__hint\">新级别自下一次缴纳会费起生效，系统将以站内提醒和邮件通知会员。</p>\n        " +
			"<button type=\"submit\" class=\"btn btn--primary\" id=\"change-level\">调整级别</button>\n      </form>")
	}
	w.raw("\n      ")
	if s.SuspendURL != "" || s.ReinstateURL != "" || s.WithdrawURL != "" {
		w.raw("<div>\n        <h3 class=\"member-section__title\">会籍状态</h3>\n        ")
		w.statusForm(s.SuspendURL, "暂停会籍", f, csrf, "suspend_reason", "暂停原因",
			`<button type="submit" class="btn btn--ghost" id="suspend-member">暂停会籍</button>`)
		w.raw("\n        ")
		w.statusForm(s.ReinstateURL, "恢复会籍", f, csrf, "reinstate_reason", "恢复原因",
			`<button type="submit" class="btn btn--primary" id="reinstate-member">恢复会籍</button>`)
		w.raw("\n        ")
		w.statusForm(s.WithdrawURL, "退会", f, csrf, "withdraw_reason", "退会原因",
			"<label class=\"checkbox\"><input type=\"checkbox\" name=\"by_request\" value=\"1\"> 会员本人申请退会</label>\n          "+
				`<button type="submit" class="btn btn--danger" id="withdraw-member">退会</button>`)
		w.raw("\n      </div>")
	}
	w.raw("\n      </div>\n    </section>")
}

// statusForm writes one of 暂停会籍, 恢复会籍 and 退会 (nothing when action is
// ""): its reason and then tail, the form's own controls.
func (w *detailWriter) statusForm(action, label string, f *form, csrf, name, reason, tail string) {
	if action == "" {
		return
	}
	w.raw(`<form class="form" method="post" action="`)
	w.href(action)
	w.raw(`" aria-label="` + label + "\" novalidate>\n          ")
	w.csrf(csrf)
	w.raw("\n          ")
	w.textarea(newField(f, name, reason, "textarea", "", "required", "rows=2", "maxlength=500"))
	w.raw("\n          " + tail + "\n        </form>")
}

// accountHelp writes the 账号协助 card (admin_member_help.go).
func (w *detailWriter) accountHelp(h *memberHelpView) {
	w.raw("<section class=\"card\" id=\"account-help\" aria-labelledby=\"help-title\">\n      " +
		"<h2 id=\"help-title\" class=\"card__title\">账号协助</h2>\n      ")
	if h.Notice != "" {
		w.raw(`<div class="alert alert--success" role="status">`)
		w.text(h.Notice)
		w.raw(`</div>`)
	}
	w.raw("\n      ")
	if h.Error != "" {
		w.raw(`<div class="alert alert--error" role="alert">`)
		w.text(h.Error)
		w.raw(`</div>`)
	}
	st := &h.State
	w.raw("\n      <dl class=\"info-grid\">\n        <div><dt>登录邮箱:</dt><dd>")
	w.text(st.Email)
	if st.EmailVerified {
		w.raw(` <span class="muted">（已验证）</span>`)
	} else {
		w.raw(" ")
		w.tag("未验证")
	}
	w.raw("</dd></div>\n        <div><dt>登录状态:</dt><dd>")
	switch {
	case st.Locked:
		w.tag("已锁定")
		w.raw(" 连续登录失败 " + strconv.Itoa(st.FailedLogins) + " 次，")
		w.datetime(st.LockedUntil)
		w.raw(" 自动解除")
	case st.FailedLogins != 0:
		w.raw("正常（近期登录失败 " + strconv.Itoa(st.FailedLogins) + " 次）")
	default:
		w.raw("正常")
	}
	w.raw("</dd></div>\n      </dl>\n      <div class=\"actions\">\n        ")
	w.helpButton(h, "/reset-link", "发送重置密码链接")
	w.raw("\n        ")
	if st.FailedLogins != 0 {
		w.helpButton(h, "/unlock", "解除登录锁定")
	}
	w.raw("\n        ")
	if !st.EmailVerified {
		w.helpButton(h, "/resend-mail", "重发验证邮件")
	}
	w.raw("\n      </div>\n      <form class=\"form\" method=\"post\" action=\"")
	w.href(h.Path)
	w.raw("/email\" novalidate>\n        ")
	w.csrf(h.CSRF)
	w.raw("\n        <h3 class=\"member-section__title\">修改登录邮箱</h3>\n        ")
	w.field(newField(h.Form, "email", "新的登录邮箱", "email", "例如 new@example.com", "required", "maxlength=254",
		"autocomplete=off", "hint=确认邮件将发往新邮箱，会员点击其中链接后才会更改；原邮箱会收到通知"))
	w.raw("\n        <div class=\"actions\"><button type=\"submit\" class=\"btn\">发送确认邮件</button></div>\n      " +
		"</form>\n      <p class=\"muted\">重置密码链接发往会员的注册邮箱，工作人员不会看到也不能设置会员密码。每项操作都记入审计日志。</p>\n    " +
		"</section>")
}

// helpButton writes one of 账号协助's buttons: a form posting to the help
// path plus suffix.
func (w *detailWriter) helpButton(h *memberHelpView, suffix, label string) {
	w.raw(`<form method="post" action="`)
	w.href(h.Path)
	w.raw(suffix + `">`)
	w.csrf(h.CSRF)
	w.raw(`<button type="submit" class="btn">` + label + `</button></form>`)
}

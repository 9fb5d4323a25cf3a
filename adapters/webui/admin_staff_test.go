package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// staffFixture is a module with one admin (admin1) and one reviewer
// (reviewer1), both with the password staff12345.
type staffFixture struct {
	*fixture
	adminID, reviewerID string
}

func setupStaff(t *testing.T) *staffFixture {
	t.Helper()
	f := &staffFixture{fixture: setup(t)}
	f.adminID = f.env.CreateStaff(t, "admin1", "admin", "staff12345")
	f.reviewerID = f.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	return f
}

func (f *staffFixture) login(t *testing.T, username string) *browser {
	t.Helper()
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin(username, "staff12345").Status)
	return b
}

// auditActions lists the actions recorded in the audit log.
func (f *staffFixture) auditActions(t *testing.T) []audit.Action {
	t.Helper()
	entries, _, err := f.env.Module.Ports().Audit.List(context.Background(), ports.AuditQuery{Limit: 100})
	require.NoError(t, err)
	var out []audit.Action
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

func TestStaffAdminOnlyForAdmin(t *testing.T) {
	t.Parallel()
	f := setupStaff(t)
	reviewer := f.login(t, "reviewer1")
	assert.Equal(t, http.StatusForbidden, reviewer.get("/admin/staff").Status)
	assert.Equal(t, http.StatusForbidden, reviewer.get("/admin/staff/"+f.adminID).Status)
	res := reviewer.postForm("/admin/staff/"+f.adminID+"/disable", nil)
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.NotContains(t, reviewer.get("/admin").Body, `href="/admin/staff"`, "no menu entry for a reviewer")

	admin := f.login(t, "admin1")
	res = admin.get("/admin/staff")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, `href="/admin/staff" class="is-active" aria-current="page">工作人员管理`)
	assert.Contains(t, res.Body, `data-staff="admin1"`)
	assert.Contains(t, res.Body, `data-staff="reviewer1"`)
	assert.Contains(t, res.Body, `class="table-wrap" tabindex="0"`)

	// No CSRF token: refused, nothing changed.
	res = admin.postRaw("/admin/staff/"+f.reviewerID+"/disable", url.Values{}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status)
	s, err := f.env.Module.Ports().Staff.Get(context.Background(), f.reviewerID)
	require.NoError(t, err)
	assert.False(t, s.Disabled())
	assert.Equal(t, http.StatusNotFound, admin.get("/admin/staff/no-such-account").Status)
}

func TestStaffAdminCreate(t *testing.T) {
	t.Parallel()
	f := setupStaff(t)
	admin := f.login(t, "admin1")
	good := url.Values{"username": {"wang"}, "display_name": {"王会计"}, "email": {"wang@example.com"},
		"role": {"finance"}, "password": {"finance2026x"}, "password_confirm": {"finance2026x"}}

	bad := []struct {
		name   string
		change func(v url.Values)
		status int
		msg    string
	}{
		{"weak password", func(v url.Values) { v.Set("password", "short1"); v.Set("password_confirm", "short1") },
			http.StatusUnprocessableEntity, "工作人员密码至少10位"},
		{"mismatch", func(v url.Values) { v.Set("password_confirm", "other2026xx") },
			http.StatusUnprocessableEntity, "两次输入的密码不一致"},
		{"no role", func(v url.Values) { v.Set("role", "boss") }, http.StatusUnprocessableEntity, "请选择工作人员角色"},
		{"taken", func(v url.Values) { v.Set("username", "reviewer1") }, http.StatusConflict, "该用户名已被使用"},
	}
	for _, tc := range bad {
		form := cloneValues(good)
		tc.change(form)
		res := admin.postForm("/admin/staff", form)
		assert.Equal(t, tc.status, res.Status, tc.name)
		assert.Contains(t, res.Body, tc.msg, tc.name)
		assert.Contains(t, res.Body, `aria-invalid="true"`, tc.name)
		assert.NotContains(t, res.Body, "finance2026x", "%s: the password is not sent back", tc.name)
	}
	_, err := f.env.Module.Ports().Staff.GetByUsername(context.Background(), "wang")
	require.Error(t, err, "nothing stored from a refused form")

	res := admin.postForm("/admin/staff", good)
	require.Equal(t, http.StatusSeeOther, res.Status)
	res = admin.get(res.location())
	assert.Contains(t, res.Body, "工作人员账号已创建")
	assert.Contains(t, res.Body, `data-staff="wang"`)
	assert.Contains(t, res.Body, "王会计")
	assert.Contains(t, f.auditActions(t), audit.StaffCreate)

	wang := f.browser(t)
	require.Equal(t, http.StatusSeeOther, wang.staffLogin("wang", "finance2026x").Status)
	assert.Equal(t, http.StatusOK, wang.get("/admin/payments").Status, "finance may open 缴费确认")
}

func TestStaffAdminAccountActions(t *testing.T) {
	t.Parallel()
	f := setupStaff(t)
	admin := f.login(t, "admin1")
	reviewer := f.login(t, "reviewer1")
	path := "/admin/staff/" + f.reviewerID

	res := admin.get(path)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "reviewer1")
	assert.Contains(t, res.Body, "停用账号")

	res = admin.postForm(path+"/role", url.Values{"role": {"secretariat"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, admin.get(res.location()).Body, "角色已修改")
	s, err := f.env.Module.Ports().Staff.Get(context.Background(), f.reviewerID)
	require.NoError(t, err)
	assert.Equal(t, access.RoleSecretariat, s.Role())

	res = admin.postForm(path+"/password", url.Values{"password": {"newpass2026"}, "password_confirm": {"newpass2027"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "两次输入的密码不一致")
	res = admin.postForm(path+"/password", url.Values{"password": {"abc"}, "password_confirm": {"abc"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "工作人员密码至少10位")

	// Disabling ends the account's sessions at once.
	require.Equal(t, http.StatusOK, reviewer.get("/admin").Status)
	res = admin.postForm(path+"/disable", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, admin.get(res.location()).Body, "账号已停用")
	assert.Equal(t, http.StatusSeeOther, reviewer.get("/admin").Status, "the disabled account's session ended")
	again := f.browser(t)
	assert.NotEqual(t, http.StatusSeeOther, again.staffLogin("reviewer1", "staff12345").Status)

	res = admin.postForm(path+"/enable", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	res = admin.postForm(path+"/password", url.Values{"password": {"newpass2026"}, "password_confirm": {"newpass2026"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, admin.get(res.location()).Body, "密码已重置")
	require.Equal(t, http.StatusSeeOther, f.browser(t).staffLogin("reviewer1", "newpass2026").Status)

	assert.Subset(t, f.auditActions(t), []audit.Action{audit.StaffChangeRole, audit.StaffDisable,
		audit.StaffEnable, audit.StaffResetPassword})
}

func TestStaffAdminKeepsTheLastAdmin(t *testing.T) {
	t.Parallel()
	f := setupStaff(t)
	admin := f.login(t, "admin1")
	path := "/admin/staff/" + f.adminID
	before := f.auditActions(t) // the accounts' creation (memberctl: the system)

	res := admin.get(path)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "不能停用自己正在使用的账号")
	assert.NotContains(t, res.Body, path+"/disable")

	res = admin.postForm(path+"/disable", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "不能停用自己正在使用的账号")

	res = admin.postForm(path+"/role", url.Values{"role": {"reviewer"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "不能更改最后一个有效的系统管理员的角色")

	s, err := f.env.Module.Ports().Staff.Get(context.Background(), f.adminID)
	require.NoError(t, err)
	assert.Equal(t, access.RoleAdmin, s.Role())
	assert.False(t, s.Disabled())
	assert.Equal(t, before, f.auditActions(t), "nothing recorded for refused actions")
}

func TestMemberAccountHelp(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	page := "/admin/members/" + f.zhang
	finance := f.staff(t, "finance")
	res := finance.get(page)
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, res.Body, "账号协助", "finance does not help with accounts")
	assert.Equal(t, http.StatusForbidden, finance.postForm(page+"/help/reset-link", nil).Status)

	reviewer := f.staff(t, "reviewer")
	res = reviewer.get(page)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "账号协助")
	assert.Contains(t, res.Body, "发送重置密码链接")
	assert.NotContains(t, res.Body, "解除登录锁定", "nothing to unlock")
	assert.Equal(t, http.StatusForbidden, reviewer.postRaw(page+"/help/reset-link", url.Values{}, nil).Status,
		"no CSRF token")

	res = reviewer.postForm(page+"/help/reset-link", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, reviewer.get(pageOf(res)).Body, "重置密码链接已发送到会员的注册邮箱")
	mail := f.env.Mailbox.WaitFor(t, "zhangsan@example.com", "重置密码", 10*time.Second)
	assert.Contains(t, mail.Text, "/password/reset?token=")

	res = reviewer.postForm(page+"/help/unlock", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, reviewer.get(pageOf(res)).Body, "该账号没有登录失败记录，无需解除锁定")

	// Five wrong passwords lock the account; the reviewer unlocks it.
	member := f.browser(t)
	for range 5 {
		member.login("张三", "wrong-pass-1", false)
	}
	require.NotEqual(t, http.StatusSeeOther, member.login("张三", goodPass, false).Status)
	res = reviewer.get(page)
	assert.Contains(t, res.Body, "已锁定")
	res = reviewer.postForm(page+"/help/unlock", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, reviewer.get(pageOf(res)).Body, "已解除登录锁定")
	assert.Equal(t, http.StatusSeeOther, member.login("张三", goodPass, false).Status)

	res = reviewer.postForm(page+"/help/resend-mail", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, reviewer.get(pageOf(res)).Body, "该会员的邮箱已验证，无需重发验证邮件")
}

// pageOf is the page a redirect leads to, without its fragment (a browser
// keeps the fragment to itself).
func pageOf(r response) string {
	loc, _, _ := strings.Cut(r.location(), "#")
	return loc
}

func TestMemberEmailChange(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	page := "/admin/members/" + f.zhang
	admin := f.staff(t, "admin")
	for email, msg := range map[string]string{"": "请输入新的登录邮箱", "bad": "请输入有效的电子邮箱",
		"zhangsan@example.com": "新邮箱与当前登录邮箱相同", "jg@example.com": "该邮箱已被其他会员账号使用"} {
		res := admin.postForm(page+"/help/email", url.Values{"email": {email}})
		require.Equal(t, http.StatusSeeOther, res.Status, email)
		body := admin.get(pageOf(res)).Body
		assert.Contains(t, body, msg, email)
		assert.Contains(t, body, `aria-invalid="true"`, email)
	}
	res := admin.postForm(page+"/help/email", url.Values{"email": {"zhang.new@example.com"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Contains(t, admin.get(pageOf(res)).Body, "确认邮件已发送到新邮箱")
	m, err := f.env.Module.Ports().Members.Get(context.Background(), f.zhang)
	require.NoError(t, err)
	assert.Equal(t, "zhangsan@example.com", m.Email(), "nothing changes before the confirmation")

	mail := f.env.Mailbox.WaitFor(t, "zhang.new@example.com", "确认修改登录邮箱", 10*time.Second)
	link := regexpLink.FindString(mail.Text)
	require.NotEmpty(t, link, mail.Text)
	visitor := f.browser(t)
	res = visitor.get(strings.TrimPrefix(link, siteURL))
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "确认修改")
	token := strings.TrimPrefix(link[strings.Index(link, "?"):], "?token=")
	res = visitor.postForm("/email/change", url.Values{"token": {token}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "登录邮箱已修改")
	f.env.Mailbox.WaitFor(t, "zhangsan@example.com", "登录邮箱已更改", 10*time.Second)
	m, err = f.env.Module.Ports().Members.Get(context.Background(), f.zhang)
	require.NoError(t, err)
	assert.Equal(t, "zhang.new@example.com", m.Email())

	res = visitor.postForm("/email/change", url.Values{"token": {token}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "确认链接无效、已使用或已过期")
}

// regexpLink finds the confirmation link in a mail.
var regexpLink = regexp.MustCompile(`http://member\.test/email/change\?token=[A-Za-z0-9_%-]+`)

package webui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// activate makes a member active with a validity (the secretariat approved).
func activate(m *member.Member, now time.Time) error {
	if err := m.ConfirmPayment(now); err != nil {
		return err
	}
	if err := m.ForwardToSecretariat(now); err != nil {
		return err
	}
	return m.ApproveMembership("质协〔2024〕1号", now, now)
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// The staff changes on the member detail: who sees which form, the level
// change (field errors, then the fee page at ¥10000), the edit with its
// version, suspension as the member sees it.
func TestMemberStaffChanges(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	f.approve(t, f.machine, "19000002", activate)
	path := "/admin/members/" + f.machine

	finance := f.staff(t, "finance")
	res := finance.get(path)
	assert.NotContains(t, res.Body, `id="member-staff"`, "finance changes nothing")
	assert.Equal(t, http.StatusForbidden, finance.postForm(path+"/level", url.Values{"level": {"理事"}}).Status)
	reviewer := f.staff(t, "reviewer")
	res = reviewer.get(path)
	assert.Contains(t, res.Body, `id="edit-member"`)
	assert.NotContains(t, res.Body, `id="change-level"`)

	sec := f.staff(t, "secretariat")
	res = sec.get(path)
	for _, s := range []string{"调整级别", `id="change-level"`, "暂停会籍", "退会", `<option value="会长">会长</option>`} {
		assert.Contains(t, res.Body, s)
	}
	// Bad input: empty reason and 文号, an unknown level — nothing changed.
	res = sec.postForm(path+"/level", url.Values{"level": {"理事"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "请填写文号")
	assert.Contains(t, res.Body, `id="f-level-reason-error">请填写原因`)
	res = sec.postForm(path+"/level", url.Values{"level": {"名誉会长"}, "doc_no": {"质协〔2024〕8号"},
		"level_reason": {"理事会决议"}})
	assert.Contains(t, html.UnescapeString(res.Body), "会员级别「名誉会长」不存在")
	res = sec.postForm(path+"/level", url.Values{"level": {"理事"}, "doc_no": {"质协〔2024〕8号"},
		"level_reason": {"理事会决议"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, path+"?done=level", res.location())
	res = sec.get(res.location())
	assert.Contains(t, res.Body, "会员级别已调整")
	assert.Contains(t, res.Body, "会员级别由「普通会员」调整为「理事」（文号 质协〔2024〕8号）")

	m := f.browser(t)
	require.Equal(t, http.StatusSeeOther, m.login("19000002", goodPass, false).Status)
	assert.Contains(t, m.get("/member").Body, "<dd>理事</dd>", "会员类型 follows the level")
	assert.Contains(t, m.get("/member/fees").Body, "会员级别：理事，年费标准：<strong>¥10000/年</strong>")
	mail := f.env.Mailbox.WaitFor(t, "jg@example.com", "会员级别调整通知", 10*time.Second)
	assert.Contains(t, mail.Text, "文号：质协〔2024〕8号")

	// 编辑资料 with the version; a second save on the same version is refused.
	res = reviewer.get(path + "/edit")
	require.Equal(t, http.StatusOK, res.Status)
	ver := versionRE.FindStringSubmatch(res.Body)
	require.NotNil(t, ver)
	form := url.Values{"version": {ver[1]}, "name": {"上海精工机械有限公司"}, "reason": {""}}
	stored := membertest.EnterpriseForm("上海精工机械有限公司")
	for _, fl := range stored.Fields() {
		form.Set(fl.Name, fl.Value)
	}
	form.Set("province", "31")
	form.Set("contact_name", "李雷")
	res = reviewer.postForm(path+"/edit", form)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "请填写原因")
	form.Set("reason", "会员来函更换联系人")
	res = reviewer.postForm(path+"/edit", form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page := reviewer.get(res.location()).Body
	assert.Contains(t, page, "工作人员修改会员资料（所在省份、联系人姓名），原因：会员来函更换联系人")
	assert.Contains(t, page, "操作人：工作人员 reviewer1", "the timeline names who edited")
	assert.Contains(t, page, "操作人：秘书处 secretariat1", "and who changed the level")
	form.Set("contact_name", "韩梅梅")
	res = reviewer.postForm(path+"/edit", form)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "该会员资料已被他人修改，请刷新后重试")
	assert.NotContains(t, reviewer.get(path).Body, "韩梅梅", "nothing overwritten")

	// 暂停会籍: the member still logs in, sees why, and may not pay.
	res = sec.postForm(path+"/suspend", url.Values{"suspend_reason": {""}})
	assert.Contains(t, res.Body, `id="f-suspend-reason-error"`)
	res = sec.postForm(path+"/suspend", url.Values{"suspend_reason": {"未按期提交年度报告"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	m = f.browser(t)
	require.Equal(t, http.StatusSeeOther, m.login("19000002", goodPass, false).Status)
	home := m.get("/member")
	assert.Contains(t, home.Body, "您的会籍已暂停，原因：未按期提交年度报告")
	assert.Contains(t, home.Body, "已暂停")
	fees := m.get("/member/fees")
	assert.Contains(t, fees.Body, "暂停期间不能缴纳会费")
	assert.NotContains(t, fees.Body, `id="claim-payment"`)
	assert.NotEqual(t, http.StatusSeeOther, m.postForm("/member/fees/claim", url.Values{}).Status,
		"a suspended member cannot claim a payment")
}

// 新建会员: admin only, the registration's rules, a number drawn as usual.
func TestStaffCreateMemberPage(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	assert.Equal(t, http.StatusForbidden, f.staff(t, "secretariat").get("/admin/members/new").Status)
	admin := f.staff(t, "admin")
	assert.Contains(t, admin.get("/admin/members").Body, `id="new-member"`)
	res := admin.postForm("/admin/members/new", url.Values{"kind": {"enterprise"}, "name": {"中国质量协会"},
		"email": {"bad"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, `id="f-email-error"`)
	res = admin.postForm("/admin/members/new", url.Values{"kind": {"enterprise"}, "name": {"纸质入会单位"},
		"email": {"paper@example.com"}, "level": {"理事"}, "valid_from": {"2024-01-01"}, "valid_until": {"2024-12-31"},
		"doc_no": {"质协〔2024〕2号"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page := admin.get(res.location())
	assert.Contains(t, page.Body, "会员已新建")
	assert.Contains(t, page.Body, "纸质入会单位")
	assert.Contains(t, page.Body, "<dd>理事</dd>")
	mail := f.env.Mailbox.WaitFor(t, "paper@example.com", "您的会员账号已建立", 10*time.Second)
	assert.Contains(t, mail.Text, "忘记密码")
}

// 申请退会: a member ends its own membership with a reason and a
// confirmation, then still logs in and sees 已退会 with the reason.
func TestMemberWithdrawsItself(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	m := f.browser(t)
	require.Equal(t, http.StatusSeeOther, m.login("19000001", goodPass, false).Status)
	assert.Contains(t, m.get("/member").Body, `href="/member/withdraw"`)
	res := m.postForm("/member/withdraw", url.Values{"reason": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, `id="f-confirm-error">请勾选确认退会`)
	assert.Contains(t, res.Body, `id="f-reason-error">请填写原因`)
	res = m.postForm("/member/withdraw", url.Values{"reason": {"业务调整"}, "confirm": {"1"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	home := m.get("/member")
	assert.Contains(t, home.Body, "您已退会，原因：业务调整")
	assert.NotContains(t, home.Body, `href="/member/withdraw"`)
	assert.Contains(t, m.get("/member/withdraw").Body, "当前会籍状态不能申请退会")
	assert.Contains(t, f.staff(t, "admin").get("/admin/members/"+f.quality).Body, "会员申请退会，原因：业务调整")

	applicant := f.browser(t)
	require.Equal(t, http.StatusSeeOther, applicant.login("张三", goodPass, false).Status)
	assert.NotContains(t, applicant.get("/member").Body, `href="/member/withdraw"`, "not a member yet")
}

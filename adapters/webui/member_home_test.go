package webui_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

var stepRE = regexp.MustCompile(`<li class="steps__item([^"]*)"`)

// stepStates returns the classes of the four steps, e.g. [" is-done", " is-current", "", ""].
func stepStates(body string) []string {
	var out []string
	for _, m := range stepRE.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

func TestMemberHome(t *testing.T) {
	t.Parallel()
	f := setup(t)

	t.Run("new enterprise account", func(t *testing.T) {
		f.registerMember(t, "enterprise", "首页公司", "home@example.com")
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("首页公司", goodPass, false).Status)
		res := b.get("/member")
		require.Equal(t, http.StatusOK, res.Status)
		for _, s := range []string{
			"<title>会员首页 - 中国质量协会会员系统</title>", `aria-label="会员菜单"`,
			`<a href="/member" class="is-active" aria-current="page">会员首页</a>`, `<a href="/member/password">修改密码</a>`,
			">提醒<", "首页公司", "会员编号: 审核通过后分配", "编号: 审核通过后分配",
			"注册账号", "填写入会申请表", "打印盖章并上传", "缴费并等待审核", `aria-current="step"`,
			"会员信息", "会员有效期:", "<dd>--</dd>", "缴费状态:", "<dd>未缴费</dd>", "会员类型:", "<dd>普通会员</dd>",
			"电子邮箱:", "<dd>home@example.com</dd>", "活动通告", "暂无通告", "通知提醒", "暂无提醒", `id="notifications"`,
		} {
			assert.Contains(t, res.Body, s)
		}
		assert.Equal(t, []string{"is-done", "is-current", "", ""}, stepStates(res.Body))
		assert.NotContains(t, res.Body, "秘书处审批")
		assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	})

	t.Run("awaiting the secretariat", func(t *testing.T) {
		id := f.registerMember(t, "enterprise", "测试号", "wait@example.com")
		f.approve(t, id, "19141263", (*member.Member).ConfirmPayment, (*member.Member).ForwardToSecretariat)
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("19141263", goodPass, false).Status)
		res := b.get("/member")
		require.Equal(t, http.StatusOK, res.Status)
		assert.Contains(t, res.Body, "会员编号: 19141263")
		assert.Contains(t, res.Body, "(该企业还未通过中国质量协会秘书处审批, 最终会员信息以红头文件为准。)")
		assert.Contains(t, res.Body, "--(等待秘书处审批)")
		assert.Contains(t, res.Body, "<dd>正常缴费</dd>")
		assert.Equal(t, []string{"is-done", "is-done", "is-done", "is-current"}, stepStates(res.Body))
	})

	t.Run("a full member has no progress bar", func(t *testing.T) {
		id := f.registerMember(t, "individual", "个人一", "gr@example.com")
		approvedOn := time.Date(2019, 9, 21, 0, 0, 0, 0, time.Local)
		f.approve(t, id, "GR190037", (*member.Member).ConfirmPayment, (*member.Member).ForwardToSecretariat,
			func(m *member.Member, now time.Time) error {
				return m.ApproveMembership("中质协〔2019〕1号", approvedOn, now)
			})
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("GR190037", goodPass, false).Status)
		res := b.get("/member")
		require.Equal(t, http.StatusOK, res.Status)
		assert.Empty(t, stepStates(res.Body))
		assert.Contains(t, res.Body, "会员编号: GR190037")
		assert.Contains(t, res.Body, "<dd>2020-09-20</dd>")
		assert.Contains(t, res.Body, "<dd>会员</dd>")
		// The notice and the waiting text are gone (a notification may name the
		// secretariat's approval).
		assert.NotContains(t, res.Body, "还未通过中国质量协会秘书处审批")
		assert.NotContains(t, res.Body, "等待秘书处审批")
	})

	t.Run("rejected application shows the reason", func(t *testing.T) {
		id := f.registerMember(t, "enterprise", "退回公司", "rejected@example.com")
		require.NoError(t, f.env.Module.Ports().Members.Update(t.Context(), id, func(_ context.Context, m *member.Member) error {
			now := time.Now()
			if err := membertest.Submit(m, now); err != nil {
				return err
			}
			return m.Reject("营业执照扫描件不清晰", now)
		}))
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("退回公司", goodPass, false).Status)
		res := b.get("/member")
		require.Equal(t, http.StatusOK, res.Status)
		assert.Contains(t, res.Body, "营业执照扫描件不清晰")
	})
}

package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

// submitted registers an enterprise and submits its application through the
// core; it returns the member's id.
func (f *appFixture) submitted(t *testing.T, name, email string) string {
	t.Helper()
	id := f.registerMember(t, "enterprise", name, email)
	f.env.SubmitApplication(t, f.env.MemberPrincipal(t, id))
	return id
}

func TestReviewQueueAndDetail(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	first := f.submitted(t, "先提交公司", "first@example.com")
	second := f.submitted(t, "后提交公司", "second@example.com")
	f.registerMember(t, "enterprise", "未提交公司", "draft@example.com")
	rev := f.staff(t, "reviewer1", "reviewer")

	home := rev.get("/admin")
	assert.Contains(t, home.Body, `<a href="/admin/applications">入会审核<span class="badge badge--count sidemenu__badge">2<span class="visually-hidden">项待处理</span></span></a>`,
		"the menu entry shows how many applications wait")

	q := rev.get("/admin/applications")
	require.Equal(t, http.StatusOK, q.Status, q.Body)
	for _, s := range []string{"<title>入会审核 - ", `aria-current="page">待审核 <span class="badge badge--count">2</span>`,
		`已退回 <span class="badge badge--muted">0</span>`, `已通过 <span class="badge badge--muted">0</span>`,
		"申请单位 / 姓名", "提交时间", "单位会员", "北京市", "李明", `href="/admin/applications/` + first + `"`} {
		assert.Contains(t, q.Body, s)
	}
	assert.NotContains(t, q.Body, "未提交公司")
	assert.Less(t, strings.Index(q.Body, "先提交公司"), strings.Index(q.Body, "后提交公司"), "oldest first")

	d := rev.get("/admin/applications/" + first)
	require.Equal(t, http.StatusOK, d.Status, d.Body)
	for _, s := range []string{"中国质量协会单位会员入会申请表", "等待审核", "first@example.com",
		"统一社会信用代码:", "91350100M000100Y43", "所属行业:", "制造业", "所在省份:", "北京市", "员工人数:", "100-299",
		"法定代表人", "王建国", "第一联系人", "质量管理部", "010-68412345", "单位简介", "ISO 9001", "填表日期:", "2019年08月01日",
		`<img src="/admin/applications/` + first + `/scan" alt="先提交公司 的盖章入会申请表扫描件">`,
		`href="/admin/applications/` + first + `/pdf" download>下载申请表 PDF</a>`,
		`action="/admin/applications/` + first + `/approve"`, ">审核通过<",
		`action="/admin/applications/` + first + `/reject"`, ">退回<", `name="reason"`,
		"已勾选「我已打印盖章并上传《入会申请表》」"} {
		assert.Contains(t, d.Body, s)
	}

	img := rev.get("/admin/applications/" + first + "/scan")
	require.Equal(t, http.StatusOK, img.Status)
	assert.Equal(t, "image/png", img.Header.Get("Content-Type"))
	assert.Equal(t, "nosniff", img.Header.Get("X-Content-Type-Options"))
	pdf := rev.get("/admin/applications/" + second + "/pdf")
	require.Equal(t, http.StatusOK, pdf.Status)
	assert.Equal(t, "application/pdf", pdf.Header.Get("Content-Type"))

	assert.Equal(t, http.StatusNotFound, rev.get("/admin/applications/nobody").Status)
	assert.Equal(t, http.StatusNotFound, rev.get("/admin/applications/nobody/scan").Status)
	bad := rev.get("/admin/applications?status=paid")
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	assert.Contains(t, bad.Body, "提交的信息有误")
}

func TestReviewNeedsTheRole(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id := f.submitted(t, "权限审核公司", "perm@example.com")
	other, mb := f.member(t, "enterprise", "别的公司", "other@example.com")
	f.env.SubmitApplication(t, f.env.MemberPrincipal(t, other))

	for _, role := range []string{"finance", "secretariat"} {
		t.Run(role, func(t *testing.T) {
			b := f.staff(t, role+"1", role)
			assert.NotContains(t, b.get("/admin").Body, "入会审核", "no menu entry")
			for _, p := range []string{"/admin/applications", "/admin/applications/" + id,
				"/admin/applications/" + id + "/scan", "/admin/applications/" + id + "/pdf"} {
				res := b.get(p)
				assert.Equal(t, http.StatusForbidden, res.Status, p)
				assert.Contains(t, res.Body, "您当前登录的账号无权访问此页面", p)
			}
			res := b.postForm("/admin/applications/"+id+"/approve", nil)
			assert.Equal(t, http.StatusForbidden, res.Status)
			res = b.postForm("/admin/applications/"+id+"/reject", url.Values{"reason": {"不行"}})
			assert.Equal(t, http.StatusForbidden, res.Status)
			m := f.stored(t, id)
			assert.Equal(t, member.StatusSubmitted, m.Status(), "nothing changed")
			assert.Empty(t, m.Number())
		})
	}

	t.Run("a member", func(t *testing.T) {
		for _, p := range []string{"/admin/applications", "/admin/applications/" + id, "/admin/applications/" + id + "/scan"} {
			assert.Equal(t, http.StatusForbidden, mb.get(p).Status, p)
		}
		assert.Equal(t, http.StatusForbidden, mb.postForm("/admin/applications/"+id+"/approve", nil).Status)
		assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())
	})

	t.Run("a guest", func(t *testing.T) {
		res := f.browser(t).get("/admin/applications/" + id + "/scan")
		assert.Equal(t, http.StatusSeeOther, res.Status)
		assert.Equal(t, "/admin/login?next=%2Fadmin%2Fapplications%2F"+id+"%2Fscan", res.location())
		res = f.browser(t).get("/member/application/scan")
		assert.Equal(t, http.StatusSeeOther, res.Status)
	})
}

var numberRE = regexp.MustCompile(`会员号:</dt><dd><strong>(\d{8})</strong>`)

func TestReviewDecisions(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id := f.registerMember(t, "enterprise", "审核公司", "decide@example.com")
	mb := f.browser(t)
	require.Equal(t, http.StatusSeeOther, mb.login("审核公司", goodPass, false).Status)
	f.env.SubmitApplication(t, f.env.MemberPrincipal(t, id))
	rev := f.staff(t, "reviewer1", "reviewer")
	base := "/admin/applications/" + id

	// 退回 needs a reason.
	res := rev.postForm(base+"/reject", url.Values{"reason": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
	assert.Equal(t, "请填写原因", fieldErrorOf(res.Body, "f-reason"))
	assert.True(t, invalid(res.Body, "f-reason"))
	assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())
	res = rev.postRaw(base+"/reject", url.Values{"reason": {"营业执照扫描件不清晰"}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "CSRF")
	assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())

	res = rev.postForm(base+"/reject", url.Values{"reason": {"盖章不清晰，请重新扫描"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, base+"?done=rejected", res.location())
	page := rev.get(res.location())
	assert.Contains(t, page.Body, "已退回该入会申请")
	assert.Contains(t, page.Body, "审核未通过")
	assert.NotContains(t, page.Body, ">审核通过</button>", "no decision on a returned application")
	assert.Contains(t, rev.get("/admin/applications?status=rejected").Body, "盖章不清晰，请重新扫描")

	// The member sees the reason and 修改申请, edits and resubmits.
	st := mb.get("/member/application")
	require.Equal(t, http.StatusOK, st.Status)
	for _, s := range []string{"审核未通过", "退回原因：盖章不清晰，请重新扫描", `href="/member/application/form">修改申请</a>`} {
		assert.Contains(t, st.Body, s)
	}
	form := mb.get("/member/application/form")
	require.Equal(t, http.StatusOK, form.Status)
	assert.Contains(t, form.Body, "入会申请已退回，原因：盖章不清晰，请重新扫描")
	assert.Contains(t, mb.get("/member").Body, "盖章不清晰，请重新扫描")
	toStepThree(t, mb, "审核公司")
	require.Equal(t, http.StatusSeeOther, mb.upload("/member/application/scan", mb.csrf(),
		[]filePart{{"scan", "new.png", scan(t)}}, nil).Status)
	require.Equal(t, http.StatusSeeOther, mb.postForm("/member/application/submit", url.Values{"confirm_stamped": {"1"}}).Status)
	assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())
	waiting := mb.get("/member")
	assert.NotContains(t, waiting.Body, "入会申请未通过审核", "the old reason goes once resubmitted")
	assert.Contains(t, waiting.Body, "入会申请已提交，请耐心等待工作人员审核")

	// 审核通过, once.
	res = rev.postForm(base+"/approve", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, base+"?done=approved", res.location())
	page = rev.get(res.location())
	assert.Contains(t, page.Body, "已审核通过，会员号已分配")
	m := numberRE.FindStringSubmatch(page.Body)
	require.NotNil(t, m, "the page shows the member number")
	number := m[1]
	assert.Equal(t, number, f.stored(t, id).Number())

	res = rev.postForm(base+"/approve", nil)
	require.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "该入会申请已审核通过（会员号："+number+"），不能重复审核")
	assert.Contains(t, res.Body, `class="alert alert--error" role="alert"`)
	assert.Equal(t, number, f.stored(t, id).Number(), "nothing changed")
	res = rev.postForm(base+"/reject", url.Values{"reason": {"晚了"}})
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, member.StatusApproved, f.stored(t, id).Status())

	// The member: 审核通过 with the number, and the notification.
	home := mb.waitBody("/member", "企业【审核公司】的入会申请资料已通过, 会员号: "+number)
	assert.Contains(t, home.Body, "会员编号: "+number)
	assert.Contains(t, home.Body, `<span class="badge badge--count">4<span class="visually-hidden">条未读</span>`,
		"submitted, rejected, submitted, approved")
	st = mb.get("/member/application")
	for _, s := range []string{`<h1 id="page-title" class="result-card__title">审核通过</h1>`,
		"会员号: <strong>" + number + "</strong>", "请按照流程提示完成缴费"} {
		assert.Contains(t, st.Body, s)
	}
	assert.NotContains(t, st.Body, `href="/member/payment`, "no dead link to the fee step")

	notes := mb.get("/member/notifications")
	require.Equal(t, http.StatusOK, notes.Status)
	assert.Contains(t, notes.Body, "共 4 条提醒，其中 4 条新提醒")
	assert.Less(t, strings.Index(notes.Body, "已通过"), strings.Index(notes.Body, "未通过审核"), "newest first")
	assert.Contains(t, notes.Body, "未通过审核，原因：盖章不清晰，请重新扫描")
	assert.Contains(t, notes.Body, `<a class="account__alerts" href="/member/notifications" aria-current="page">提醒</a>`,
		"the header count drops once read")
	again := mb.get("/member/notifications")
	assert.NotContains(t, again.Body, "notes__new")
	assert.Contains(t, mb.get("/member").Body, `href="/member/notifications">提醒</a>`)
}

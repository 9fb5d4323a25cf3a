package webui_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/submission/submissiontest"
)

// The member detail in 会员管理 shows what the member did in its portal: the
// admin sees its council forms (理事资料) and submissions (企业投稿) with
// links to their review pages, and its certificate's status with the
// verification link's version; finance sees the certificate only; a member
// with no forms nor submissions shows neither section.
func TestAdminMemberDetailShowsThePortal(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p := f.env.ActiveMember(t, "enterprise", "门户详情公司", "portal-detail@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("门户详情公司", goodPass, false).Status)
	raiseToCouncil(t, f, p.ID)
	require.Equal(t, http.StatusSeeOther, b.postForm("/member/council/forms/recommend", recommendForm("submit")).Status)
	res := b.upload("/member/submissions", b.csrf(), []filePart{{"file", "质量月纪实.docx",
		submissiontest.Docx("质量月纪实", "全员参加。")}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	admin := f.staff(t, "detail-admin", "admin")
	page := admin.get("/admin/members/" + p.ID)
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{`<h2 id="card-title" class="card__title">会员证书</h2>`,
		`<span class="tag tag--done">有效</span>`, "第 1 版",
		`<h2 id="council-title" class="card__title">理事资料</h2>`, "《理事会副会长候选人推荐登记表》",
		`<span class="tag tag--waiting">待确认</span>`,
		`<h2 id="submissions-title" class="card__title">企业投稿（共 1 篇）</h2>`, "质量月纪实", "待审核"} {
		assert.Contains(t, page.Body, s)
	}
	verify := regexp.MustCompile(`href="(/members/verify/[^"]+)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, verify, "the verification link")
	assert.Contains(t, f.browser(t).get(verify[1]).Body, "门户详情公司", "the link verifies")
	council := regexp.MustCompile(`href="(/admin/council/[^"]+)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, council)
	assert.Equal(t, http.StatusOK, admin.get(council[1]).Status, "the council form opens")
	sub := regexp.MustCompile(`href="(/admin/submissions/[0-9a-f]+)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, sub)
	assert.Contains(t, admin.get(sub[1]).Body, "全员参加。", "the submission opens for review")

	fin := f.staff(t, "detail-finance", "finance").get("/admin/members/" + p.ID)
	require.Equal(t, http.StatusOK, fin.Status)
	assert.Contains(t, fin.Body, `id="card-title"`)
	assert.NotContains(t, fin.Body, `id="council-title"`, "not finance's duty")
	assert.NotContains(t, fin.Body, `id="submissions-title"`, "not finance's duty")

	ind := f.env.ActiveMember(t, "individual", "详情个人", "portal-ind@example.com")
	page = admin.get("/admin/members/" + ind.ID)
	assert.Contains(t, page.Body, `<h2 id="card-title" class="card__title">会员卡</h2>`)
	assert.NotContains(t, page.Body, `id="council-title"`)
	assert.NotContains(t, page.Body, `id="submissions-title"`)
	fresh := f.registerMember(t, "enterprise", "未入会公司", "portal-fresh@example.com")
	assert.NotContains(t, admin.get("/admin/members/"+fresh).Body, `id="card-title"`, "no card before a validity")
}

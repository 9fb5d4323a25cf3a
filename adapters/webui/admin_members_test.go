package webui_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// registryFixture is a module with three members and one staff account per
// role (password staff123).
type registryFixture struct {
	*fixture
	quality, machine, zhang string // member ids
}

func setupRegistry(t *testing.T) *registryFixture {
	t.Helper()
	f := &registryFixture{fixture: setup(t)}
	f.quality = f.registerMember(t, "enterprise", "中国质量协会", "quality@example.com")
	f.approve(t, f.quality, "19000001")
	f.machine = f.registerMember(t, "enterprise", "上海精工机械有限公司", "jg@example.com")
	form := membertest.EnterpriseForm("上海精工机械有限公司")
	form.Province, form.ContactName = "31", "王芳"
	require.NoError(t, f.env.Module.Ports().Members.Update(context.Background(), f.machine,
		func(_ context.Context, m *member.Member) error { return m.SaveEnterpriseForm(form, false, time.Now()) }))
	f.zhang = f.registerMember(t, "individual", "张三", "zhangsan@example.com")
	for _, role := range []string{"reviewer", "finance", "secretariat", "admin"} {
		f.env.CreateStaff(t, role+"1", role, "staff12345")
	}
	return f
}

// staff returns a browser logged in as the staff account of role.
func (f *registryFixture) staff(t *testing.T, role string) *browser {
	t.Helper()
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin(role+"1", "staff12345").Status)
	return b
}

// listed reports which of the fixture's members a page lists.
func listed(body string) []string {
	var out []string
	for _, n := range []string{"中国质量协会", "上海精工机械有限公司", "张三"} {
		if strings.Contains(body, ">"+n+"</a>") {
			out = append(out, n)
		}
	}
	return out
}

func TestMemberRegistryAccess(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	for _, role := range []string{"reviewer", "finance", "secretariat", "admin"} {
		b := f.staff(t, role)
		res := b.get("/admin/members")
		require.Equal(t, http.StatusOK, res.Status, role)
		assert.Contains(t, res.Body, `href="/admin/members" class="is-active" aria-current="page">会员管理`, role)
		assert.Equal(t, []string{"中国质量协会", "上海精工机械有限公司", "张三"}, listed(res.Body), role)
		assert.Equal(t, http.StatusOK, b.get("/admin/members/"+f.quality).Status, role)
		assert.Contains(t, b.get("/admin").Body, `href="/admin/members"`, "the menu offers 会员管理 to %s", role)
	}
	member := f.browser(t)
	require.Equal(t, http.StatusSeeOther, member.login("张三", goodPass, false).Status)
	assert.Equal(t, http.StatusForbidden, member.get("/admin/members").Status)
	assert.Equal(t, http.StatusForbidden, member.get("/admin/members/"+f.zhang).Status)
	res := f.browser(t).get("/admin/members?q=zgzl")
	assert.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/admin/login?next=%2Fadmin%2Fmembers%3Fq%3Dzgzl", res.location())
	res = f.staff(t, "reviewer").get("/admin/members/no-such-member")
	assert.Equal(t, http.StatusNotFound, res.Status)
}

func TestMemberRegistryFilters(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	b := f.staff(t, "secretariat")
	cases := []struct {
		query string
		want  []string
	}{
		{"q=%E8%B4%A8%E9%87%8F", []string{"中国质量协会"}}, // 质量
		{"q=zgzl", []string{"中国质量协会"}},
		{"q=%EF%BC%BA%EF%BC%A7%EF%BC%BA%EF%BC%AC", []string{"中国质量协会"}}, // ＺＧＺＬ
		{"q=%E7%8E%8B%E8%8A%B3", []string{"上海精工机械有限公司"}},               // the contact 王芳
		{"q=19000001", []string{"中国质量协会"}},
		{"q=zhangsan%40example", []string{"张三"}},
		{"status=approved", []string{"中国质量协会"}},
		{"status=registered", []string{"张三"}},
		{"kind=individual", []string{"张三"}},
		{"province=31", []string{"上海精工机械有限公司"}},
		{"province=none", []string{"张三"}},
		{"industry=C&status=draft", []string{"上海精工机械有限公司"}},
		{"fee_state=unpaid", []string{"中国质量协会"}},
		{"fee_state=not_due", []string{"上海精工机械有限公司", "张三"}},
		{"joined_year=none", []string{"上海精工机械有限公司", "张三"}},
		{"level=%E4%BC%9A%E5%91%98", []string{"张三"}}, // 会员
		{"expiring_within=30", nil},
		{"q=%E4%B8%8D%E5%AD%98%E5%9C%A8", nil}, // 不存在
	}
	for _, tc := range cases {
		res := b.get("/admin/members?" + tc.query)
		require.Equal(t, http.StatusOK, res.Status, tc.query)
		assert.Equal(t, tc.want, listed(res.Body), tc.query)
	}

	checkFilterPage(t, b)
}

// checkFilterPage checks what the list page says about its filters: the counts,
// the applied filters, the empty state, the canonical URL, bad values, the
// order and the export hook.
func checkFilterPage(t *testing.T, b *browser) {
	t.Helper()
	res := b.get("/admin/members?status=approved")
	assert.Contains(t, res.Body, `<option value="approved" selected>审核通过，待缴费（1）</option>`)
	assert.Contains(t, res.Body, `<option value="registered">已注册（1）</option>`, "the other statuses keep their counts")
	assert.Contains(t, res.Body, `<option value="enterprise">单位会员（1）</option>`, "other filters count within it")
	assert.Contains(t, res.Body, "会员状态：审核通过，待缴费", "the applied filter is shown")
	assert.Contains(t, res.Body, `href="/admin/members" class="chips__remove"`, "with a link that drops it")

	res = b.get("/admin/members?q=%E4%B8%8D%E5%AD%98%E5%9C%A8")
	assert.Contains(t, res.Body, "没有符合条件的会员")
	assert.Contains(t, res.Body, "拼音首字母")

	res = b.get("/admin/members?q=zgzl&status=&kind=&sort=&expires_after=")
	assert.Equal(t, http.StatusSeeOther, res.Status, "a submitted form goes to its canonical URL")
	assert.Equal(t, "/admin/members?q=zgzl", res.location())

	res = b.get("/admin/members?status=sleeping&province=99&q=zgzl")
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "as any refused input")
	body := html.UnescapeString(res.Body)
	assert.Contains(t, body, "以下筛选条件有误，已忽略：未知的会员状态；未知的所在省份")
	assert.Equal(t, []string{"中国质量协会"}, listed(res.Body), "the valid filters still apply")

	res = b.get("/admin/members?sort=-name")
	assert.Equal(t, []string{"中国质量协会", "上海精工机械有限公司", "张三"}, listed(res.Body))
	assert.Less(t, strings.Index(res.Body, ">中国质量协会<"), strings.Index(res.Body, ">张三<"), "zhong… before zhang…")
	assert.Less(t, strings.Index(res.Body, ">张三<"), strings.Index(res.Body, ">上海精工"), "zhang… before shang…")
	assert.Contains(t, res.Body, `<option value="-name" selected>`)

	assert.Contains(t, res.Body, `href="/admin/members/export?format=xlsx&amp;sort=-name" id="export-xlsx" data-export="/admin/members?sort=-name"`)
	assert.Contains(t, res.Body, `<div class="table-wrap" tabindex="0">`, "the table scrolls inside its card")
}

func TestMemberRegistryPaging(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	for i := range 22 {
		f.registerMember(t, "enterprise", fmt.Sprintf("测试单位%02d", i), fmt.Sprintf("t%02d@example.com", i))
	}
	b := f.staff(t, "admin")
	res := b.get("/admin/members?kind=enterprise")
	assert.Contains(t, res.Body, "共 24 位会员")
	assert.Contains(t, res.Body, "第 1 / 2 页，共 24 条")
	assert.Contains(t, res.Body, `href="/admin/members?kind=enterprise&amp;page=2" rel="next"`, "pages keep the filters")
	res = b.get("/admin/members?kind=enterprise&page=2")
	assert.Equal(t, 4, strings.Count(res.Body, "<tr data-member-id="))
	assert.Contains(t, res.Body, `href="/admin/members?kind=enterprise" rel="prev"`)
	res = b.get("/admin/members?kind=enterprise&page=9")
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "第 9 页不存在，已显示最后一页")
	assert.Contains(t, res.Body, "第 2 / 2 页")
	res = b.get("/admin/members?page=abc")
	assert.Contains(t, res.Body, "第 1 / 2 页", "a page that is no number is the first")
}

func TestMemberDetailPage(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	reviewer := f.staff(t, "reviewer")
	res := reviewer.get("/admin/members/" + f.quality + "?back=%2Fadmin%2Fmembers%3Fq%3Dzgzl")
	require.Equal(t, http.StatusOK, res.Status)
	body := html.UnescapeString(res.Body)
	for _, want := range []string{"中国质量协会", "19000001", "quality@example.com", "审核通过，待缴费", "未缴费",
		"企业信息", "统一社会信用代码", membertest.ValidUSCC, "第一联系人", "李明", "13812345678",
		"注册账号（单位会员）", "提交入会申请", "入会申请审核通过，分配会员号 19000001", "操作人：未记录",
		`href="/admin/members?q=zgzl"`, "/admin/applications/" + f.quality + "/scan",
		"/admin/applications/" + f.quality + "/pdf", "暂无缴费记录"} {
		assert.Contains(t, body, want)
	}
	finance := f.staff(t, "finance")
	body = html.UnescapeString(finance.get("/admin/members/" + f.quality + "?back=https://evil.example/").Body)
	assert.NotContains(t, body, "/admin/applications/"+f.quality+"/scan", "finance opens no scans")
	assert.Contains(t, body, "入会审核人员可查看")
	assert.Contains(t, body, `href="/admin/members">← 返回会员管理`, "no foreign back link")

	body = html.UnescapeString(reviewer.get("/admin/members/" + f.zhang).Body)
	assert.Contains(t, body, "该会员尚未填写入会申请表")
	assert.Contains(t, body, "尚未入会")
}

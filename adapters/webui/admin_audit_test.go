package webui_test

import (
	"context"
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

// auditRows counts the rows of the audit log's table.
func auditRows(body string) int { return strings.Count(body, "<tr data-audit-id=") }

// setupAudit is the registry fixture with the machine company's application
// approved by reviewer1 through the back office; it returns the number.
func setupAudit(t *testing.T) (*registryFixture, string) {
	t.Helper()
	f := setupRegistry(t)
	require.NoError(t, f.env.Module.Ports().Members.Update(context.Background(), f.machine,
		func(_ context.Context, m *member.Member) error { return membertest.Submit(m, time.Now()) }))
	rev := f.staff(t, "reviewer")
	res := rev.postForm("/admin/applications/"+f.machine+"/approve", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	m, err := f.env.Module.Ports().Members.Get(context.Background(), f.machine)
	require.NoError(t, err)
	return f, m.Number()
}

// The admin's 操作日志: every entry with who, from where, what and on which
// member; filters in the URL.
func TestAuditLogPageAdmin(t *testing.T) {
	t.Parallel()
	f, number := setupAudit(t)
	admin := f.staff(t, "admin")
	res := admin.get("/admin/audit")
	require.Equal(t, http.StatusOK, res.Status)
	body := html.UnescapeString(res.Body)
	assert.Contains(t, body, `href="/admin/audit" class="is-active" aria-current="page">操作日志`)
	assert.Contains(t, body, "共 5 条操作记录", "four staff accounts created and one approval")
	for _, want := range []string{"reviewer1", "工作人员", "192.0.2.1", "入会申请审核通过", "新建工作人员账号", "系统",
		`<a href="/admin/members/` + f.machine + `">上海精工机械有限公司</a>`, number, `<div class="table-wrap" tabindex="0">`} {
		assert.Contains(t, body, want)
	}
	assert.Equal(t, 5, auditRows(res.Body))
	assert.Contains(t, body, `<a href="/admin/audit?staff=reviewer1" title="只看该工作人员的操作">reviewer1</a>`)
	assert.Contains(t, body, `<a href="/admin/audit?staff=system" title="只看该工作人员的操作">系统</a>`)

	shanghai, err := time.LoadLocation("Asia/Shanghai") // the days of the filters are the association's
	require.NoError(t, err)
	for query, rows := range map[string]int{"action=application.approve": 1, "staff=reviewer1": 1,
		"staff=system": 4, "member=" + number: 1, "from=2000-01-01&to=2000-01-31": 0,
		"from=" + time.Now().In(shanghai).Format(time.DateOnly): 5} {
		res = admin.get("/admin/audit?" + query)
		require.Equal(t, http.StatusOK, res.Status, query)
		assert.Equal(t, rows, auditRows(res.Body), query)
	}
	res = admin.get("/admin/audit?action=application.approve")
	assert.Contains(t, res.Body, `<option value="application.approve" selected>入会申请审核通过</option>`)
	assert.Contains(t, res.Body, `href="/admin/audit">清除筛选条件`)
	res = admin.get("/admin/audit?from=2000-01-01&to=2000-01-31")
	assert.Contains(t, res.Body, "没有符合条件的操作记录。")
	res = admin.get("/admin/audit?page=9")
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "第 9 页不存在，已显示最后一页")
	assert.Equal(t, 5, auditRows(res.Body))

	// A submitted form's empty fields go; unknown values are said and ignored.
	res = admin.get("/admin/audit?staff=&member=&action=application.approve&from=&to=")
	assert.Equal(t, http.StatusSeeOther, res.Status)
	assert.Equal(t, "/admin/audit?action=application.approve", res.location())
	res = admin.get("/admin/audit?action=x.unknown&from=2024-13-01&staff=nobody")
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	body = html.UnescapeString(res.Body)
	assert.Contains(t, body, "以下筛选条件有误，已忽略：")
	assert.Contains(t, body, "未知的操作类型")
	assert.Contains(t, body, "没有用户名为「nobody」的工作人员账号")
	assert.Equal(t, 5, auditRows(res.Body), "the valid filters (none) still list")
}

// Reviewers and finance read 我的操作记录: their own entries only, and asking
// for another's is refused with a message. Members may not open it.
func TestAuditLogPageOwnEntries(t *testing.T) {
	t.Parallel()
	f, _ := setupAudit(t)
	rev := f.staff(t, "reviewer")
	res := rev.get("/admin/audit")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, `aria-current="page">我的操作记录`)
	assert.NotContains(t, res.Body, ">操作日志<")
	assert.NotContains(t, res.Body, `name="staff"`, "no staff filter for one's own entries")
	assert.Equal(t, 1, auditRows(res.Body))

	fin := f.staff(t, "finance")
	res = fin.get("/admin/audit")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "您还没有操作记录。")
	assert.Contains(t, fin.get("/admin").Body, `href="/admin/audit">我的操作记录`)
	res = fin.get("/admin/audit?staff=reviewer1")
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Contains(t, res.Body, "您只能查看本人的操作记录，无权查看其他工作人员的审计日志")
	assert.Equal(t, http.StatusOK, fin.get("/admin/audit?staff=finance1").Status)

	mb := f.browser(t)
	require.Equal(t, http.StatusSeeOther, mb.login("张三", goodPass, false).Status)
	assert.Equal(t, http.StatusForbidden, mb.get("/admin/audit").Status)
	res = f.browser(t).get("/admin/audit")
	assert.Equal(t, "/admin/login?next=%2Fadmin%2Faudit", res.location())
}

// The member's timeline says who approved it.
func TestMemberTimelineShowsActor(t *testing.T) {
	t.Parallel()
	f, _ := setupAudit(t)
	body := html.UnescapeString(f.staff(t, "finance").get("/admin/members/" + f.machine).Body)
	assert.Contains(t, body, "操作人：工作人员 reviewer1")
	assert.Contains(t, body, "操作人：会员本人")
	assert.Contains(t, body, `<a href="/admin/audit?member=`+f.machine+`">在操作日志中查看该会员的记录</a>`)
}

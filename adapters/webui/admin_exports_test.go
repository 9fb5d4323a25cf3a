package webui_test

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/membershiptest"
)

// csvRows reads an export's CSV body (after its byte-order mark).
func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	require.True(t, strings.HasPrefix(body, "\uFEFF"), "UTF-8 with BOM")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	return rows
}

// Every list page carries its 导出 buttons with its filters, for the staff
// who may export it; the downloads follow the filters and the access table.
func TestListExportButtonsAndDownloads(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	fin := f.staff(t, "finance")
	page := html.UnescapeString(fin.get("/admin/payments?status=confirmed").Body)
	assert.Contains(t, page, `href="/admin/export/payments?format=xlsx&status=confirmed"`)
	assert.Contains(t, page, `href="/admin/export/payments?format=csv&status=confirmed"`)
	assert.Contains(t, html.UnescapeString(fin.get("/admin/invoices?tab=issued").Body),
		`href="/admin/export/invoices?format=xlsx&tab=issued"`)
	assert.Contains(t, fin.get("/admin/statements").Body, `href="/admin/export/statements?format=csv"`)

	res := fin.get("/admin/export/payments?format=csv&status=confirmed")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Header.Get("Content-Disposition"), "payments.csv")
	assert.Equal(t, "提交时间", csvRows(t, res.Body)[0][0])
	res = fin.get("/admin/export/payments?format=xlsx")
	require.Equal(t, http.StatusOK, res.Status)
	assert.True(t, strings.HasPrefix(res.Body, "PK"), "an XLSX (zip) file")
	assert.Equal(t, http.StatusUnprocessableEntity, fin.get("/admin/export/payments?format=csv&status=x").Status)
	assert.Equal(t, http.StatusUnprocessableEntity, fin.get("/admin/export/nothing?format=csv").Status)

	// Finance exports its own audit entries, not another's.
	audit := fin.get("/admin/export/audit?format=csv")
	require.Equal(t, http.StatusOK, audit.Status, audit.Body)
	for _, row := range csvRows(t, audit.Body)[1:] {
		assert.Equal(t, "finance1", row[2])
	}
	assert.Equal(t, http.StatusForbidden, fin.get("/admin/export/audit?format=csv&staff=admin1").Status)

	rev := f.staff(t, "reviewer")
	assert.NotContains(t, rev.get("/admin/audit").Body, "/admin/export/payments")
	assert.Equal(t, http.StatusForbidden, rev.get("/admin/export/payments?format=csv").Status)
	assert.Equal(t, http.StatusForbidden, rev.get("/admin/export/invoices?format=csv").Status)
}

// 「导出所选」: the ticked members, posted, in the order given.
func TestExportSelectedMembers(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	b := f.staff(t, "reviewer")
	page := b.get("/admin/members")
	assert.Contains(t, page.Body, `form="export-selected" value="`+f.zhang+`"`)
	assert.Contains(t, page.Body, `id="export-selected-xlsx"`)

	res := b.postForm("/admin/members/export-selected", url.Values{"format": {"csv"}, "ids": {f.zhang, f.quality}})
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	rows := csvRows(t, res.Body)
	require.Len(t, rows, 3)
	assert.Equal(t, "张三", rows[1][1])
	assert.Equal(t, "中国质量协会", rows[2][1])

	assert.Equal(t, http.StatusUnprocessableEntity,
		b.postForm("/admin/members/export-selected", url.Values{"format": {"csv"}}).Status, "nothing ticked")
	assert.Equal(t, http.StatusUnprocessableEntity,
		b.postForm("/admin/members/export-selected", url.Values{"format": {"csv"}, "ids": {"no-such"}}).Status)
}

// An export above the threshold becomes a job: 导出任务 shows it, then 下载.
func TestLargeExportRunsInTheBackground(t *testing.T) {
	t.Parallel()
	f := setup(t, membershiptest.WithConfig(func(c *membership.Config) { c.Exports.BackgroundAbove = 1 }))
	f.registerMember(t, "enterprise", "中国质量协会", "quality@example.com")
	f.registerMember(t, "individual", "张三", "zhangsan@example.com")
	f.env.CreateStaff(t, "secretariat1", "secretariat", "staff12345")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin("secretariat1", "staff12345").Status)

	res := b.get("/admin/export/members?format=csv&kind=")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/admin/exports?started=1", res.Header.Get("Location"))
	var page string
	require.True(t, f.env.WaitUntil(10*time.Second, func() bool {
		page = b.get("/admin/exports").Body
		return strings.Contains(page, "已完成")
	}), page)
	assert.Contains(t, page, "会员名单")
	assert.Contains(t, page, "100%（2 / 2 条）")
	assert.Contains(t, page, ">导出任务<", "the menu entry")
	i := strings.Index(page, `href="/admin/exports/`)
	require.Positive(t, i)
	link := page[i+len(`href="`):]
	link = link[:strings.Index(link, `"`)]
	file := b.get(link)
	require.Equal(t, http.StatusOK, file.Status)
	assert.Len(t, csvRows(t, file.Body), 3)

	other := f.browser(t)
	f.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	require.Equal(t, http.StatusSeeOther, other.staffLogin("reviewer1", "staff12345").Status)
	assert.Equal(t, http.StatusNotFound, other.get(link).Status, "another's job is not found")
	assert.NotContains(t, other.get("/admin/exports").Body, "会员名单")
}

// The registry's own export link (会员管理) becomes a job above the threshold too.
func TestLargeMemberExportLinkRunsInTheBackground(t *testing.T) {
	t.Parallel()
	f := setup(t, membershiptest.WithConfig(func(c *membership.Config) { c.Exports.BackgroundAbove = 1 }))
	f.registerMember(t, "enterprise", "中国质量协会", "quality@example.com")
	f.registerMember(t, "individual", "张三", "zhangsan@example.com")
	f.env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin("reviewer1", "staff12345").Status)
	res := b.get("/admin/members/export?format=xlsx")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/admin/exports?started=1", res.Header.Get("Location"))
	res = b.get("/admin/members/export?format=xlsx&kind=individual")
	assert.Equal(t, http.StatusOK, res.Status, "one member: a direct download")
}

// 导出任务 without jobs says what to do, with the configured threshold.
func TestExportJobsEmptyPage(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	page := f.staff(t, "finance").get("/admin/exports")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "超过 5000 条时会在这里生成后台导出任务")
	assert.Contains(t, page.Body, "文件保留 24 小时")
}

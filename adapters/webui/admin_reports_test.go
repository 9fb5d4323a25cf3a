package webui_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reportsFixture is a module with three valid members (two enterprises at
// ¥5000, one individual at ¥480, all paid by transfer and approved by the
// secretariat today) and one submitted application.
func reportsFixture(t *testing.T) *appFixture {
	t.Helper()
	f := setupApp(t)
	f.env.ActiveMember(t, "enterprise", "甲公司", "rep-a@example.com")
	f.env.ActiveMember(t, "enterprise", "乙公司", "rep-b@example.com")
	f.env.ActiveMember(t, "individual", "李四", "rep-c@example.com")
	id := f.registerMember(t, "enterprise", "待审公司", "rep-d@example.com")
	f.env.SubmitApplication(t, f.env.MemberPrincipal(t, id))
	return f
}

// figure is the value of a headline figure (主要指标) on a page.
func figure(body, label string) string {
	m := regexp.MustCompile(`<span class="figure__label">` + regexp.QuoteMeta(label) +
		`</span><strong class="figure__value">([^<]*)</strong>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestReportsPage checks 统计报表 for finance: the headline figures, each
// breakdown as a chart (an accessible inline SVG) with its table of counts
// and shares, the month's new members and income by channel, and the year
// selector; a reviewer may not open it.
func TestReportsPage(t *testing.T) {
	t.Parallel()
	f := reportsFixture(t)
	now := f.env.App.Clock.Now().In(time.FixedZone("CST", 8*3600))
	year := now.Year()
	page := f.staff(t, "rep-fin", "finance").get("/admin/reports")
	require.Equal(t, http.StatusOK, page.Status)
	body := page.Body
	assert.Equal(t, "3", figure(body, "有效会员"))
	assert.Equal(t, "¥10480", figure(body, fmt.Sprintf("%d年会费收入", year)))
	assert.Equal(t, "0", figure(body, "30天内到期"))
	assert.Contains(t, body, `<th scope="row">单位会员</th><td class="num">2</td><td class="num">66.7%</td>`)
	assert.Contains(t, body, `<th scope="row">个人会员</th><td class="num">1</td><td class="num">33.3%</td>`)
	assert.Contains(t, body, `<th scope="row">合计（有效会员）</th><td class="num">3</td>`)
	assert.Contains(t, body, `<th scope="row">合计（全部账号）</th><td class="num">4</td>`, "every account by status")
	assert.Contains(t, body, fmt.Sprintf(`<th scope="row">%d年%d月</th><td class="num">3</td>`, year, now.Month()),
		"three joined this month")
	month := fmt.Sprintf(`<th scope="row">%d月</th><td class="num">¥10,480.00</td><td class="num">¥0.00</td>`+
		`<td class="num">¥0.00</td><td class="num">¥0.00</td><td class="num">¥10,480.00</td><td class="num">3</td>`, now.Month())
	assert.Contains(t, body, month, "the month's income, all by bank transfer")
	assert.Contains(t, body, `<svg class="chart" viewBox="0 0 480 64" width="100%" role="img" `+
		`aria-labelledby="chart-by-kind-t chart-by-kind-d"`, "the kind chart: two bars")
	assert.Contains(t, body, `<desc id="chart-by-kind-d">有效会员共 3 位，分 2 类</desc>`)
	assert.Equal(t, strings.Count(body, `<svg class="chart"`), strings.Count(body, `role="img"`))
	assert.GreaterOrEqual(t, strings.Count(body, `<svg class="chart"`), 9, "a chart per report")
	assert.NotContains(t, body, "https://", "nothing from another site")
	assert.Contains(t, body, "该期间内没有有效期届满的会员，暂无流失率。")

	// Another year: its income is empty, the figures say so.
	last := f.staff(t, "rep-sec", "secretariat").get(fmt.Sprintf("/admin/reports?year=%d&months=24", year-1))
	require.Equal(t, http.StatusOK, last.Status)
	assert.Contains(t, last.Body, fmt.Sprintf(`<option value="%d" selected>%d年</option>`, year-1, year-1))
	assert.Contains(t, last.Body, `<option value="24" selected>近 24 个月</option>`)
	assert.Equal(t, "¥0", figure(last.Body, fmt.Sprintf("%d年会费收入", year-1)))
	assert.Contains(t, last.Body, fmt.Sprintf("%d年暂无已确认的会费收入", year-1))

	// A bad period is named and the default shown.
	bad := f.staff(t, "rep-adm", "admin").get("/admin/reports?year=1999&months=abc")
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	assert.Contains(t, bad.Body, "以下统计条件有误，已改用默认值")
	assert.Contains(t, bad.Body, "新增会员统计的月数只能为 12 或 24")
	assert.Equal(t, "3", figure(bad.Body, "有效会员"))

	assert.Equal(t, http.StatusForbidden, f.staff(t, "rep-rev", "reviewer").get("/admin/reports").Status)
}

// TestAdminHomeFigures checks the headline figures on 后台首页: those who read
// the reports see valid members by kind, this year's income and the renewals
// due; a reviewer sees the queues only.
func TestAdminHomeFigures(t *testing.T) {
	t.Parallel()
	f := reportsFixture(t)
	year := f.env.App.Clock.Now().In(time.FixedZone("CST", 8*3600)).Year()
	home := f.staff(t, "home-sec", "secretariat").get("/admin")
	require.Equal(t, http.StatusOK, home.Status)
	assert.Contains(t, home.Body, `<h2 id="figures-title" class="card__title">主要指标</h2>`)
	assert.Equal(t, "3", figure(home.Body, "有效会员"))
	assert.Equal(t, "2", figure(home.Body, "有效单位会员"))
	assert.Equal(t, "1", figure(home.Body, "有效个人会员"))
	assert.Equal(t, "¥10480", figure(home.Body, fmt.Sprintf("%d年会费收入", year)))
	assert.Equal(t, "0", figure(home.Body, "30天内到期"))
	assert.Contains(t, home.Body, "秘书处审批", "the queues stay")
	rev := f.staff(t, "home-rev", "reviewer").get("/admin")
	require.Equal(t, http.StatusOK, rev.Status)
	assert.NotContains(t, rev.Body, "主要指标")
	assert.NotContains(t, rev.Body, "统计报表", "not in the reviewer's menu either")
}

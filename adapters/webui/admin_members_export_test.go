package webui_test

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemberRegistryExport(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	b := f.staff(t, "secretariat")
	page := html.UnescapeString(b.get("/admin/members?kind=enterprise&q=" + url.QueryEscape("上海")).Body)
	assert.Contains(t, page, `href="/admin/members/export?format=xlsx&q=%E4%B8%8A%E6%B5%B7&kind=enterprise"`,
		"the export link carries the list's filters")
	assert.Contains(t, page, `id="export-csv"`)

	res := b.get("/admin/members/export?format=csv&kind=enterprise")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Equal(t, "text/csv; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, res.Header.Get("Content-Disposition"), "attachment")
	require.True(t, strings.HasPrefix(res.Body, "\uFEFF"))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3, "the header and the two enterprises")
	assert.Equal(t, []string{"19000001", "中国质量协会"}, rows[1][:2])
	assert.Equal(t, "上海精工机械有限公司", rows[2][1])
	assert.Equal(t, "王芳", rows[2][9])

	res = b.get("/admin/members/export?format=pdf")
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "提交的信息有误")

	member := f.browser(t)
	require.Equal(t, http.StatusSeeOther, member.login("张三", goodPass, false).Status)
	assert.Equal(t, http.StatusForbidden, member.get("/admin/members/export?format=csv").Status)
}

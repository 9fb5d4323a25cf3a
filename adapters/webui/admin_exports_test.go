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

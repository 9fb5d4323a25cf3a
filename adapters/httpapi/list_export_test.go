package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

func TestListExportAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	exportSeed(t, a, 6)
	finance := a.staffToken("finance1", "finance")
	reviewer := a.staffToken("reviewer1", "reviewer")

	r := a.do(call{Method: http.MethodGet, Path: "/exports/payments?format=csv&status=confirmed", Token: finance})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Contains(t, r.Header.Get("Content-Disposition"), "payments.csv")
	require.True(t, bytes.HasPrefix(r.Body, []byte("\uFEFF")))
	rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, "提交时间", rows[0][0])

	r = a.do(call{Method: http.MethodGet, Path: "/exports/payments?format=csv", Token: reviewer})
	assert.Equal(t, http.StatusForbidden, r.Status, "a reviewer does not read 缴费确认")
	r = a.do(call{Method: http.MethodGet, Path: "/exports/audit?format=csv&staff=reviewer1", Token: finance})
	assert.Equal(t, http.StatusForbidden, r.Status, "finance cannot export another's audit entries")
	r = a.do(call{Method: http.MethodGet, Path: "/exports/invoices?format=csv&tab=x", Token: finance})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "tab")

	page, err := a.env.Module.Ports().Directory.Search(context.Background(), ports.MemberQuery{Limit: 3})
	require.NoError(t, err)
	ids := []string{page.Rows[2].ID, page.Rows[0].ID}
	r = a.do(call{Method: http.MethodPost, Path: "/members/export-selected", Token: reviewer,
		Body: map[string]any{"format": "csv", "ids": ids}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	rows, err = csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, page.Rows[2].Name, rows[1][1])
	r = a.do(call{Method: http.MethodPost, Path: "/members/export-selected", Token: reviewer,
		Body: map[string]any{"format": "csv", "ids": []string{}}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
}

func TestExportJobsAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	exportSeed(t, a, 4)
	token := a.staffToken("secretariat1", "secretariat")
	r := a.do(call{Method: http.MethodPost, Path: "/export-jobs", Token: token,
		Body: map[string]any{"list": "members", "format": "csv", "params": map[string]string{"kind": "enterprise"}}})
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	var job struct {
		ID        string `json:"id"`
		State     string `json:"state"`
		RowsTotal int    `json:"rows_total"`
		FileURL   string `json:"file_url"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &job))
	assert.Equal(t, 4, job.RowsTotal)
	require.True(t, a.env.WaitUntil(10*time.Second, func() bool {
		r = a.do(call{Method: http.MethodGet, Path: "/export-jobs/" + job.ID, Token: token})
		require.NoError(t, json.Unmarshal(r.Body, &job))
		return job.State == "done"
	}), string(r.Body))
	assert.Equal(t, "/api/v1/export-jobs/"+job.ID+"/file", job.FileURL)
	f := a.do(call{Method: http.MethodGet, Path: "/export-jobs/" + job.ID + "/file", Token: token})
	require.Equal(t, http.StatusOK, f.Status)
	rows, err := csv.NewReader(bytes.NewReader(f.Body[3:])).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 5)

	other := a.staffToken("finance1", "finance")
	r = a.do(call{Method: http.MethodGet, Path: "/export-jobs/" + job.ID, Token: other})
	assert.Equal(t, http.StatusNotFound, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/export-jobs", Token: other,
		Body: map[string]any{"list": "audit", "format": "csv", "params": map[string]string{"staff": "secretariat1"}}})
	assert.Equal(t, http.StatusForbidden, r.Status, "finance cannot export another's audit entries")
	r = a.do(call{Method: http.MethodGet, Path: "/export-jobs", Token: other})
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"items":[]}`, string(r.Body))
}

// A cell a spreadsheet would read as a formula is written as text, in CSV and
// XLSX alike.
func TestListExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin1", "admin")
	for i, s := range []string{"=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)", "\tTab"} {
		require.NoError(t, a.env.Module.Ports().Audit.Append(context.Background(), audit.Entry{
			At: a.env.Clock.Now().Add(time.Duration(i) * time.Millisecond), StaffID: "system", Action: audit.StaffCreate, Summary: s}))
	}
	r := a.do(call{Method: http.MethodGet, Path: "/exports/audit?format=csv&staff=system", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
	require.NoError(t, err)
	var got []string
	for _, row := range rows[1:] {
		if row[5] != "新建工作人员账号" || !strings.HasPrefix(row[9], "新建") {
			got = append(got, row[9])
		}
	}
	assert.ElementsMatch(t, []string{"'=HYPERLINK(\"http://x\")", "'+1+2", "'-3", "'@SUM(A1)", "'\tTab"}, got)

	r = a.do(call{Method: http.MethodGet, Path: "/exports/audit?format=xlsx&staff=system", Token: admin})
	require.Equal(t, http.StatusOK, r.Status)
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	sheetRows, err := f.GetRows("操作日志")
	require.NoError(t, err)
	require.Len(t, sheetRows, 7, "the header, the admin's creation and the five")
	for _, row := range sheetRows[1:6] {
		assert.Equal(t, "'", row[9][:1], "%q is text", row[9])
	}
	formula, err := f.GetCellFormula("操作日志", "J2")
	require.NoError(t, err)
	assert.Empty(t, formula)
}

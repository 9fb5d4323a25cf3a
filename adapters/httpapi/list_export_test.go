package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// exportSeed adds n enterprises (every third one approved with a number) and
// n/2 individuals straight through the repository.
func exportSeed(t *testing.T, a *testAPI, n int) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	for i := range n + n/2 {
		kind, name := member.Enterprise, fmt.Sprintf("导出测试单位%05d有限公司", i)
		if i >= n {
			kind, name = member.Individual, "导出个人"+chineseDigits(i)
		}
		m, err := member.Register(member.Registration{Kind: kind, Name: name,
			Email: fmt.Sprintf("export%05d@example.com", i), PasswordHash: "x"}, now)
		require.NoError(t, err)
		if kind == member.Enterprise && i%3 == 0 {
			require.NoError(t, membertest.Approve(m, fmt.Sprintf("26%06d", i), now))
		}
		require.NoError(t, a.env.Module.Ports().Members.Add(ctx, m))
	}
}

// chineseDigits writes i with the digits 零一二…九 (an individual's name has
// no Arabic digits).
func chineseDigits(i int) string {
	digits := []rune("零一二三四五六七八九")
	out := []rune{}
	for _, d := range fmt.Sprintf("%05d", i) {
		out = append(out, digits[d-'0'])
	}
	return string(out)
}

func TestMemberExportCSVAndXLSX(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	exportSeed(t, a, 2000)
	token := a.staffToken("finance1", "finance")

	r := a.do(call{Method: http.MethodGet, Path: "/members/export?format=csv&kind=individual", Token: token})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Contains(t, r.Header.Get("Content-Disposition"), "members.csv")
	require.True(t, bytes.HasPrefix(r.Body, []byte("\uFEFF")), "UTF-8 with a byte-order mark")
	rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+1000, "the header and every individual")
	assert.Equal(t, "会员号", rows[0][0])
	assert.Equal(t, "个人会员", rows[1][2])
	for _, row := range rows[1:] {
		require.Contains(t, row[1], "导出个人", "only the filter's members")
	}

	r = a.do(call{Method: http.MethodGet, Path: "/members/export?format=xlsx&kind=enterprise&status=approved",
		Token: token})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	it, err := f.Rows("会员名单")
	require.NoError(t, err)
	var got [][]string
	for it.Next() {
		cols, err := it.Columns()
		require.NoError(t, err)
		got = append(got, cols)
	}
	require.NoError(t, it.Close())
	require.Len(t, got, 1+667, "the header and the approved enterprises (every third of 2000)")
	assert.Equal(t, "26000000", got[1][0], "in the list's order (member number), as text")
	assert.Equal(t, "26000003", got[2][0])

	entries, _, err := a.env.Module.Ports().Audit.List(context.Background(),
		ports.AuditQuery{Action: audit.MemberExport})
	require.NoError(t, err)
	require.Len(t, entries, 2, "each export is in the audit log")
	assert.Contains(t, entries[0].Summary, "667 条")
	assert.Contains(t, entries[0].Summary, "状态=approved")
}

func TestMemberExportRefusals(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	token := a.staffToken("reviewer1", "reviewer")
	for path, field := range map[string]string{
		"/members/export":                          "format",
		"/members/export?format=pdf":               "format",
		"/members/export?format=csv&status=asleep": "status",
		"/members/export?format=xlsx&sort=age":     "sort",
	} {
		r := a.do(call{Method: http.MethodGet, Path: path, Token: token})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, path)
		assert.Contains(t, r.fields(), field, path)
	}
	_, member := a.memberToken("individual", "li@example.com", "李四")
	r := a.do(call{Method: http.MethodGet, Path: "/members/export?format=csv", Token: member})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodGet, Path: "/members/export?format=csv"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	entries, _, err := a.env.Module.Ports().Audit.List(context.Background(),
		ports.AuditQuery{Action: audit.MemberExport})
	require.NoError(t, err)
	assert.Empty(t, entries, "a refused export writes nothing")
}

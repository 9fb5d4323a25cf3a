package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counts maps the key of each row of a report to its count.
func counts(rows any) map[string]float64 {
	out := map[string]float64{}
	list, _ := rows.([]any)
	for _, r := range list {
		row := r.(map[string]any)
		out[row["key"].(string)] = row["count"].(float64)
	}
	return out
}

// TestReportsAPI checks GET /reports over two valid members (an enterprise at
// ¥5000 and an individual at ¥480, paid by transfer) and a submitted
// application: every section, a subset, bad periods and who may read it.
func TestReportsAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.env.ActiveMember(t, "enterprise", "报表甲公司", "rep-a@example.com")
	a.env.ActiveMember(t, "individual", "报表李四", "rep-b@example.com")
	a.register("enterprise", "rep-c@example.com", "报表待审公司")
	now := a.env.App.Clock.Now().In(time.FixedZone("CST", 8*3600))
	token := a.staffToken("rep-fin", "finance")

	r := a.do(call{Method: http.MethodGet, Path: "/reports", Token: token})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o := r.object()
	assert.Equal(t, float64(now.Year()), o["year"])
	assert.Equal(t, 12.0, o["months"])
	assert.Len(t, o["sections"], 5)
	m := o["members"].(map[string]any)
	assert.Equal(t, 2.0, m["valid"])
	assert.Equal(t, 3.0, m["accounts"])
	assert.Equal(t, map[string]float64{"enterprise": 1, "individual": 1}, counts(m["by_kind"]))
	assert.Equal(t, 2.0, counts(m["by_status"])["active"])
	joined := o["joined"].(map[string]any)
	assert.Equal(t, 2.0, joined["total"])
	assert.Equal(t, 2.0, counts(joined["months"])[now.Format("2006-01")])
	income := o["income"].(map[string]any)
	total := income["total"].(map[string]any)
	assert.Equal(t, 548000.0, total["fen"])
	assert.Equal(t, 2.0, total["count"])
	assert.Equal(t, map[string]any{"transfer": 548000.0, "voucher": 0.0, "online": 0.0, "statement": 0.0},
		total["by_channel"])
	months := income["months"].([]any)
	require.Len(t, months, 12)
	assert.Equal(t, 548000.0, months[now.Month()-1].(map[string]any)["fen"])
	assert.Len(t, income["years"], 5)
	assert.Equal(t, map[string]float64{"30": 0, "60": 0, "90": 0}, counts(o["renewals"]))
	lapse := o["lapse"].(map[string]any)
	assert.Equal(t, 0.0, lapse["ended"])
	assert.Nil(t, lapse["rate"], "no validity ended: no rate")

	r = a.do(call{Method: http.MethodGet, Path: fmt.Sprintf("/reports?year=%d&months=24&sections=income,renewals",
		now.Year()-1), Token: a.staffToken("rep-sec", "secretariat")})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o = r.object()
	assert.Equal(t, []any{"income", "renewals"}, o["sections"])
	assert.Nil(t, o["members"], "not asked for")
	assert.Nil(t, o["joined"])
	assert.Equal(t, 0.0, o["income"].(map[string]any)["total"].(map[string]any)["fen"], "nothing last year")

	for q, want := range map[string]map[string]string{
		"year=1999":                  {"year": "year_invalid"},
		"year=abc":                   {"year": "invalid_number"},
		"months=36":                  {"months": "months_invalid"},
		"sections=members,bogus":     {"section": "section_invalid"},
		fmt.Sprintf("year=%d", 3000): {"year": "year_invalid"},
	} {
		r = a.do(call{Method: http.MethodGet, Path: "/reports?" + q, Token: token})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, q)
		assert.Equal(t, want, r.fields(), q)
	}
	assert.Equal(t, http.StatusForbidden,
		a.do(call{Method: http.MethodGet, Path: "/reports", Token: a.staffToken("rep-rev", "reviewer")}).Status)
	_, member := a.memberToken("enterprise", "rep-m@example.com", "报表会员公司")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/reports", Token: member}).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/reports"}).Status)
}

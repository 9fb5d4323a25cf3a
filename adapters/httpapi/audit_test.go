package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// auditAPI is the registry API with the machine company's application
// approved through POST /applications/{id}/approve by reviewer1.
type auditAPI struct {
	*registryAPI
	admin, reviewer, finance string // tokens
	number                   string // the machine company's member number
}

func newAuditAPI(t *testing.T) *auditAPI {
	t.Helper()
	a := &auditAPI{registryAPI: newRegistryAPI(t)}
	require.NoError(t, a.env.Module.Ports().Members.Update(context.Background(), a.machine,
		func(_ context.Context, m *member.Member) error { return membertest.Submit(m, time.Now()) }))
	a.admin = a.staffToken("admin1", "admin")
	a.reviewer = a.staffToken("reviewer1", "reviewer")
	a.finance = a.staffToken("finance1", "finance")
	r := a.do(call{Method: http.MethodPost, Path: "/applications/" + a.machine + "/approve", Token: a.reviewer})
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	a.number = a.stored(a.machine).Number()
	return a
}

// actions lists the actions of a page of GET /audit.
func (a *auditAPI) actions(token, query string) []string {
	a.t.Helper()
	r := a.do(call{Method: http.MethodGet, Path: "/audit?" + query, Token: token})
	require.Equal(a.t, http.StatusOK, r.Status, "%s: %s", query, r.Body)
	out := []string{}
	for _, it := range r.object()["items"].([]any) {
		out = append(out, it.(map[string]any)["action"].(string))
	}
	return out
}

func TestAuditAPIEveryFilter(t *testing.T) {
	t.Parallel()
	a := newAuditAPI(t)
	created := []string{"staff.create", "staff.create", "staff.create"}
	shanghai, err := time.LoadLocation("Asia/Shanghai") // the days of the filters are the association's
	require.NoError(t, err)
	today := time.Now().In(shanghai).Format(time.DateOnly)
	cases := []struct {
		query string
		want  []string
	}{
		{"", append([]string{"application.approve"}, created...)},
		{"staff=reviewer1", []string{"application.approve"}},
		{"staff=system", created},
		{"member=" + a.number, []string{"application.approve"}},
		{"member=" + a.machine, []string{"application.approve"}},
		{"action=staff.create", created},
		{"action=payment.confirm", []string{}},
		{"from=" + today + "&to=" + today, append([]string{"application.approve"}, created...)},
		{"to=2000-01-01", []string{}},
		{"page=2&page_size=3", []string{"staff.create"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, a.actions(a.admin, c.query), c.query)
	}

	r := a.do(call{Method: http.MethodGet, Path: "/audit?action=application.approve", Token: a.admin})
	entry := r.object()["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "reviewer1", entry["staff_name"])
	assert.Equal(t, "工作人员", entry["staff_role"])
	assert.Equal(t, "入会申请审核通过", entry["action_label"])
	assert.Equal(t, a.machine, entry["member_id"])
	assert.Equal(t, a.number, entry["member_number"])
	assert.Equal(t, "上海精工机械有限公司", entry["member_name"])
	assert.NotEmpty(t, entry["address"])
	assert.Equal(t, false, r.object()["own_only"])

	r = a.do(call{Method: http.MethodGet, Path: "/audit?page=9&page_size=3", Token: a.admin})
	assert.Equal(t, true, r.object()["clamped"])
	assert.InDelta(t, 2, r.object()["page"], 0)
}

func TestAuditAPIOwnEntriesAndRefusals(t *testing.T) {
	t.Parallel()
	a := newAuditAPI(t)
	assert.Equal(t, []string{"application.approve"}, a.actions(a.reviewer, ""))
	assert.Equal(t, []string{}, a.actions(a.finance, ""), "finance has taken no action")
	assert.Equal(t, []string{}, a.actions(a.finance, "staff=finance1"))
	r := a.do(call{Method: http.MethodGet, Path: "/audit", Token: a.finance})
	assert.Equal(t, true, r.object()["own_only"])

	// A finance user asking for another's entries is refused, not answered empty.
	for _, other := range []string{"reviewer1", "admin1", "system", "nobody"} {
		r = a.do(call{Method: http.MethodGet, Path: "/audit?staff=" + other, Token: a.finance})
		assert.Equal(t, http.StatusForbidden, r.Status, other)
		assert.Equal(t, "forbidden", r.code(), other)
		assert.Equal(t, "您只能查看本人的操作记录，无权查看其他工作人员的审计日志",
			r.object()["error"].(map[string]any)["message"], other)
	}
	member := a.loginToken("张三", goodPassword)
	r = a.do(call{Method: http.MethodGet, Path: "/audit", Token: member})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodGet, Path: "/audit"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
}

func TestAuditAPIBadInput(t *testing.T) {
	t.Parallel()
	a := newAuditAPI(t)
	q := url.Values{"staff": {"nobody"}, "member": {"99999999"}, "action": {"x.unknown"}, "from": {"2024-02-30"},
		"to": {"tomorrow"}}
	r := a.do(call{Method: http.MethodGet, Path: "/audit?" + q.Encode(), Token: a.admin})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, map[string]string{"staff": "staff_unknown", "member": "member_unknown",
		"action": "action_invalid", "from": "date_invalid", "to": "date_invalid"}, r.fields())
	r = a.do(call{Method: http.MethodGet, Path: "/audit?from=2024-03-02&to=2024-03-01", Token: a.admin})
	assert.Equal(t, map[string]string{"from": "range_invalid"}, r.fields())
	for _, bad := range []string{"page=-1", "page=abc", "page_size=-5", "page_size=0", "page_size=101"} {
		r = a.do(call{Method: http.MethodGet, Path: "/audit?" + bad, Token: a.admin})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, bad)
		assert.Len(t, r.fields(), 1, bad)
	}
}

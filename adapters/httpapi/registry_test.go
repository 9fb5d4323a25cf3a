package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// registryAPI is the API over three members: 中国质量协会 (active for a year,
// 19000001, 11/C, contact 李明), 上海精工机械有限公司 (a draft, 31/M, contact
// 王芳) and 张三 (an individual, registered).
type registryAPI struct {
	*testAPI
	quality, machine, zhang string
}

func newRegistryAPI(t *testing.T) *registryAPI {
	t.Helper()
	a := &registryAPI{testAPI: newTestAPI(t)}
	a.quality = a.register("enterprise", "quality@example.com", "中国质量协会")
	a.approve(a.quality, "19000001")
	now := time.Now()
	members := a.env.Module.Ports().Members
	require.NoError(t, members.Update(context.Background(), a.quality, func(_ context.Context, m *member.Member) error {
		if err := m.ConfirmPayment(now); err != nil {
			return err
		}
		if err := m.ForwardToSecretariat(now); err != nil {
			return err
		}
		return m.ApproveMembership("会字〔2026〕1号", now, now)
	}))
	a.machine = a.register("enterprise", "jg@example.com", "上海精工机械有限公司")
	form := membertest.EnterpriseForm("上海精工机械有限公司")
	form.Province, form.Industry, form.ContactName, form.ContactMobile = "31", "M", "王芳", "13700000001"
	require.NoError(t, members.Update(context.Background(), a.machine, func(_ context.Context, m *member.Member) error {
		return m.SaveEnterpriseForm(form, false, now)
	}))
	a.zhang = a.register("individual", "zhangsan@example.com", "张三")
	return a
}

// names lists the names of a page of GET /members.
func (a *registryAPI) names(token, query string) []string {
	a.t.Helper()
	r := a.do(call{Method: http.MethodGet, Path: "/members?" + query, Token: token})
	require.Equal(a.t, http.StatusOK, r.Status, "%s: %s", query, r.Body)
	items, _ := r.object()["items"].([]any)
	out := []string{}
	for _, it := range items {
		out = append(out, it.(map[string]any)["name"].(string))
	}
	return out
}

func TestMemberListEveryFilter(t *testing.T) {
	t.Parallel()
	a := newRegistryAPI(t)
	token := a.staffToken("reviewer1", "reviewer")
	year := strconv.Itoa(time.Now().Year())
	soon := time.Now().AddDate(1, 0, 5).Format(time.DateOnly)
	later := time.Now().AddDate(1, 0, 10).Format(time.DateOnly)
	q := url.QueryEscape
	all := []string{"中国质量协会", "上海精工机械有限公司", "张三"}
	cases := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"q=" + q("质量"), []string{"中国质量协会"}},
		{"q=zgzl", []string{"中国质量协会"}},
		{"q=" + q("ＺＧＺＬ"), []string{"中国质量协会"}},
		{"q=19000001", []string{"中国质量协会"}},
		{"q=91350100m000100y43", []string{"中国质量协会", "上海精工机械有限公司"}},
		{"q=" + q("jg@example"), []string{"上海精工机械有限公司"}},
		{"q=" + q("王芳"), []string{"上海精工机械有限公司"}},
		{"q=13700000001", []string{"上海精工机械有限公司"}},
		{"q=" + q("质量 协会"), []string{"中国质量协会"}},
		{"q=" + q("张"), []string{"张三"}},
		{"kind=individual", []string{"张三"}},
		{"level=" + q("普通会员"), []string{"中国质量协会", "上海精工机械有限公司"}},
		{"status=active", []string{"中国质量协会"}},
		{"status=draft", []string{"上海精工机械有限公司"}},
		{"province=31", []string{"上海精工机械有限公司"}},
		{"province=none", []string{"张三"}},
		{"industry=C", []string{"中国质量协会"}},
		{"industry=none", []string{"张三"}},
		{"fee_state=paid", []string{"中国质量协会"}},
		{"fee_state=not_due", []string{"上海精工机械有限公司", "张三"}},
		{"joined_year=" + year, []string{"中国质量协会"}},
		{"joined_year=none", []string{"上海精工机械有限公司", "张三"}},
		{"expiring_within=400", []string{"中国质量协会"}},
		{"expiring_within=30", []string{}},
		{"expires_before=" + soon, []string{"中国质量协会"}},
		{"expires_after=" + later, []string{}},
		{"kind=enterprise&status=active&province=11", []string{"中国质量协会"}},
		{"sort=-name", []string{"中国质量协会", "张三", "上海精工机械有限公司"}},
		{"sort=name", []string{"上海精工机械有限公司", "张三", "中国质量协会"}},
		{"sort=-joined", []string{"中国质量协会", "张三", "上海精工机械有限公司"}}, // not joined: by id, reversed
		{"sort=validity", all},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, a.names(token, tc.query), tc.query)
	}
}

func TestMemberListPagesAndCounts(t *testing.T) {
	t.Parallel()
	a := newRegistryAPI(t)
	token := a.staffToken("finance1", "finance")
	r := a.do(call{Method: http.MethodGet, Path: "/members?page_size=2&page=2", Token: token})
	require.Equal(t, http.StatusOK, r.Status)
	o := r.object()
	assert.Equal(t, 3.0, o["total"])
	assert.Equal(t, 2.0, o["pages"])
	assert.Len(t, o["items"], 1)
	assert.Nil(t, o["facets"], "no counts unless asked")
	r = a.do(call{Method: http.MethodGet, Path: "/members?page_size=2&page=7", Token: token})
	assert.Equal(t, true, r.object()["clamped"], "past the end: the last page")
	assert.Equal(t, 2.0, r.object()["page"])

	r = a.do(call{Method: http.MethodGet, Path: "/members?status=draft&facets=true", Token: token})
	require.Equal(t, http.StatusOK, r.Status)
	facets := r.object()["facets"].(map[string]any)
	counts := func(param string) map[string]float64 {
		out := map[string]float64{}
		for _, o := range facets[param].([]any) {
			opt := o.(map[string]any)
			if opt["count"].(float64) > 0 {
				out[opt["value"].(string)] = opt["count"].(float64)
			}
		}
		return out
	}
	assert.Equal(t, map[string]float64{"active": 1, "draft": 1, "registered": 1}, counts("status"),
		"the status filter leaves its own counts out")
	assert.Equal(t, map[string]float64{"31": 1}, counts("province"), "the other filters count among drafts")
	assert.Len(t, facets, 8)

	bad := map[string]string{
		"page=0": "page", "page_size=-1": "page_size", "page_size=101": "page_size", "page=x": "page",
		"status=sleeping": "status", "kind=robot": "kind", "level=" + url.QueryEscape("名誉会长"): "level",
		"province=99": "province", "industry=Z": "industry", "fee_state=free": "fee_state",
		"joined_year=26": "joined_year", "expires_before=2026-02-30": "expires_before",
		"expires_after=2026-03-02&expires_before=2026-03-01": "expires_after", "expiring_within=0": "expiring_within",
		"sort=age": "sort", "facets=maybe": "facets", "q=" + strings.Repeat("a", 101): "q",
	}
	for query, field := range bad {
		r := a.do(call{Method: http.MethodGet, Path: "/members?" + query, Token: token})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, query)
		assert.Contains(t, r.fields(), field, query)
	}
}

func TestMemberRegistryAccessAndDetail(t *testing.T) {
	t.Parallel()
	a := newRegistryAPI(t)
	r := a.do(call{Method: http.MethodGet, Path: "/members"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	_, memberToken := a.memberToken("enterprise", "m@example.com", "会员自己")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/members", Token: memberToken}).Status)
	r = a.do(call{Method: http.MethodGet, Path: "/members/" + a.quality, Token: memberToken})
	assert.Equal(t, http.StatusNotFound, r.Status, "a member is told the record does not exist")

	reviewer := a.staffToken("reviewer1", "reviewer")
	r = a.do(call{Method: http.MethodGet, Path: "/members/" + a.quality, Token: reviewer})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	o := r.object()
	acc := o["account"].(map[string]any)
	assert.Equal(t, "19000001", acc["number"])
	assert.Equal(t, "active", acc["status"])
	assert.Equal(t, "paid", acc["fee_state"])
	assert.Equal(t, "会字〔2026〕1号", acc["approval_doc_no"])
	assert.NotNil(t, o["document"])
	assert.Equal(t, true, o["can_read_application"])
	assert.Equal(t, false, o["can_read_payments"])
	var texts []string
	for _, e := range o["timeline"].([]any) {
		entry := e.(map[string]any)
		texts = append(texts, entry["text"].(string))
		switch entry["event"] {
		case "member.registered":
			assert.Equal(t, "会员本人", entry["actor"])
		case "member.application_approved":
			assert.Nil(t, entry["actor"], "approved without the back office: no audit entry names who")
		}
	}
	require.Len(t, texts, 6)
	assert.Equal(t, "注册账号（单位会员）", texts[0])
	assert.Equal(t, "入会申请审核通过，分配会员号 19000001", texts[2])
	assert.Contains(t, texts[5], "秘书处审批通过（文号 会字〔2026〕1号），有效期 ")

	finance := a.staffToken("finance1", "finance")
	r = a.do(call{Method: http.MethodGet, Path: "/members/" + a.zhang, Token: finance})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Nil(t, r.object()["document"], "no form saved yet")
	assert.Equal(t, true, r.object()["can_read_payments"])
	r = a.do(call{Method: http.MethodGet, Path: "/members/no-such-member", Token: finance})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 完善理事资料 through the API: an ordinary enterprise is 403; raised to 理事
// by the secretariat (POST /members/{id}/level) it sees both cards; a
// submission missing fields is 422 on each field and stores nothing; a good
// one completes the card and prints as PDF; another member's form is 404; the
// 联系人信息 is checked; a reviewer lists, returns (reason required) and the
// member edits again; the staff's queue is not a member's business.
func TestCouncilThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p, tok := a.approvedToken("enterprise", "api-council@example.com", "接口理事公司")
	denied := a.do(call{Method: http.MethodGet, Path: "/me/council", Token: tok})
	assert.Equal(t, http.StatusForbidden, denied.Status)
	assert.Contains(t, string(denied.Body), "council_only")

	sec := a.staffToken("secretariat-council", "secretariat")
	raise := func(id string) {
		r := a.do(call{Method: http.MethodPost, Path: "/members/" + id + "/level", Token: sec,
			Body: map[string]any{"level": "理事", "doc_no": "质协〔2024〕8号", "reason": "理事会决议"}})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	}
	raise(p.ID)
	page := a.do(call{Method: http.MethodGet, Path: "/me/council", Token: tok})
	require.Equal(t, http.StatusOK, page.Status, string(page.Body))
	assert.Len(t, page.object()["cards"], 2)
	assert.Nil(t, page.object()["contact"])

	form := a.do(call{Method: http.MethodGet, Path: "/me/council/forms/appointment", Token: tok})
	require.Equal(t, http.StatusOK, form.Status, string(form.Body))
	assert.NotEmpty(t, form.object()["fields"])
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/me/council/forms/nope",
		Token: tok}).Status)

	values := map[string]any{"name": "张伟", "gender": "男", "birth": "1968-05", "ethnicity": "汉族",
		"native_place": "北京", "politics": "中共党员", "work_date": "1990-07", "education": "研究生/硕士",
		"school": "清华大学 精密仪器系", "position": "总经理", "proposed": "副会长", "reason": "工作需要"}
	rows := []map[string]string{{"period": "1990.07—至今", "detail": "接口理事公司 总经理"}}
	bad := a.do(call{Method: http.MethodPut, Path: "/me/council/forms/appointment", Token: tok,
		Body: map[string]any{"values": map[string]any{"birth": "68年"}, "rows": []any{}, "submit": true}})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	for _, f := range []string{"name", "birth", "proposed", "rows"} {
		assert.Contains(t, bad.fields(), f)
	}
	page = a.do(call{Method: http.MethodGet, Path: "/me/council", Token: tok})
	assert.Equal(t, "", page.object()["cards"].([]any)[1].(map[string]any)["form_id"], "nothing stored")

	ok := a.do(call{Method: http.MethodPut, Path: "/me/council/forms/appointment", Token: tok,
		Body: map[string]any{"values": values, "rows": rows, "submit": true}})
	require.Equal(t, http.StatusOK, ok.Status, string(ok.Body))
	assert.Equal(t, "submitted", ok.object()["status"])
	id := ok.object()["id"].(string)
	locked := a.do(call{Method: http.MethodPut, Path: "/me/council/forms/appointment", Token: tok,
		Body: map[string]any{"values": values, "rows": rows, "submit": false}})
	assert.Equal(t, http.StatusConflict, locked.Status)
	pdf := a.do(call{Method: http.MethodGet, Path: "/council-forms/" + id + "/pdf", Token: tok})
	require.Equal(t, http.StatusOK, pdf.Status)
	assert.Equal(t, "application/pdf", pdf.Header.Get("Content-Type"))

	c := a.do(call{Method: http.MethodPut, Path: "/me/council/contact", Token: tok,
		Body: map[string]any{"name": "李四", "title": "主任", "phone": "010-68412345", "email": "li@"}})
	assert.Equal(t, http.StatusUnprocessableEntity, c.Status)
	assert.Contains(t, c.fields(), "email")
	c = a.do(call{Method: http.MethodPut, Path: "/me/council/contact", Token: tok,
		Body: map[string]any{"name": "李四", "title": "主任", "phone": "010-68412345", "email": "li@example.com"}})
	require.Equal(t, http.StatusOK, c.Status, string(c.Body))

	op, other := a.approvedToken("enterprise", "api-council2@example.com", "接口理事二公司")
	raise(op.ID)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/council-forms/" + id,
		Token: other}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/council-forms/" + id + "/pdf",
		Token: other}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/council-forms",
		Token: other}).Status, "the staff's queue is not a member's")

	rev := a.staffToken("reviewer-council", "reviewer")
	q := a.do(call{Method: http.MethodGet, Path: "/council-forms?page_size=10", Token: rev})
	require.Equal(t, http.StatusOK, q.Status, string(q.Body))
	assert.Equal(t, float64(1), q.object()["total"])
	r := a.do(call{Method: http.MethodPost, Path: "/council-forms/" + id + "/return", Token: rev,
		Body: map[string]any{"reason": ""}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/council-forms/" + id + "/return", Token: rev,
		Body: map[string]any{"reason": "请补充奖惩情况"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "returned", r.object()["status"])
	mine := a.do(call{Method: http.MethodGet, Path: "/me/council/forms/appointment", Token: tok})
	assert.Equal(t, true, mine.object()["editable"])
	assert.Equal(t, "请补充奖惩情况", mine.object()["return_reason"])
	fin := a.staffToken("finance-council", "finance")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodPost, Path: "/council-forms/" + id + "/accept",
		Token: fin}).Status)
}

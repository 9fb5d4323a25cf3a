package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBulkNoticesAPI: the editor previews and sends a notice to the
// individuals, sending the same request key again returns the same notice,
// the list and the detail show its progress; a filter selecting nobody is 422
// with nothing stored; a reviewer is refused. Every answer is checked against
// the OpenAPI document.
func TestBulkNoticesAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	exportSeed(t, a, 6) // 6 enterprises, 3 individuals
	editor := a.staffToken("editor1", "editor")

	r := a.do(call{Method: http.MethodGet, Path: "/bulk-notices/preview?kind=individual", Token: editor})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.EqualValues(t, 3, r.object()["total"])
	assert.Len(t, r.object()["first"], 3)

	body := map[string]any{"filters": map[string]any{"kind": "individual"}, "subject": "年会通知",
		"body": "请准时参加。", "portal": true, "email": true, "request_key": "api-1"}
	r = a.do(call{Method: http.MethodPost, Path: "/bulk-notices", Token: editor, Body: body})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.EqualValues(t, 3, r.object()["recipients"])
	r = a.do(call{Method: http.MethodPost, Path: "/bulk-notices", Token: editor, Body: body})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	assert.Equal(t, id, r.str("id"), "the same request key: the same notice")

	r = a.do(call{Method: http.MethodGet, Path: "/bulk-notices", Token: editor})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.EqualValues(t, 1, r.object()["total"])
	r = a.do(call{Method: http.MethodGet, Path: "/bulk-notices/" + id, Token: editor})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "年会通知", r.str("subject"))
	r = a.do(call{Method: http.MethodGet, Path: "/bulk-notices/nope", Token: editor})
	assert.Equal(t, http.StatusNotFound, r.Status)

	nobody := map[string]any{"filters": map[string]any{"province": "65"}, "subject": "无人", "body": "x",
		"portal": true}
	r = a.do(call{Method: http.MethodPost, Path: "/bulk-notices", Token: editor, Body: nobody})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status, string(r.Body))
	assert.Equal(t, "no_recipients", r.fields()["filters"])
	assert.Contains(t, string(r.Body), "没有符合筛选条件的会员")
	r = a.do(call{Method: http.MethodGet, Path: "/bulk-notices", Token: editor})
	assert.EqualValues(t, 1, r.object()["total"], "nothing stored")

	reviewer := a.staffToken("reviewer1", "reviewer")
	r = a.do(call{Method: http.MethodGet, Path: "/bulk-notices", Token: reviewer})
	assert.Equal(t, http.StatusForbidden, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/bulk-notices", Token: reviewer, Body: body})
	assert.Equal(t, http.StatusForbidden, r.Status)
}

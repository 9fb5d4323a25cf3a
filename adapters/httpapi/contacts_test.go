package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 联系人管理 through the API: the seeded first contact, field errors for a bad
// email, a new first contact, deleting the first one needs a successor,
// another member's id is 404, staff read the list, individuals are refused.
func TestContactsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p, tok := a.approvedToken("enterprise", "api-contacts@example.com", "接口联系人公司")
	_, other := a.approvedToken("enterprise", "api-contacts2@example.com", "接口联系人二公司")

	mine := a.do(call{Method: http.MethodGet, Path: "/me/contacts", Token: tok})
	require.Equal(t, http.StatusOK, mine.Status, string(mine.Body))
	list := mine.object()["contacts"].([]any)
	require.Len(t, list, 1)
	seed := list[0].(map[string]any)
	assert.Equal(t, "first", seed["role"])

	body := map[string]any{"role": "first", "name": "王芳", "mobile": "13900001111", "email": "wf@"}
	r := a.do(call{Method: http.MethodPost, Path: "/me/contacts", Token: tok, Body: body})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "email")
	body["email"] = "wf@example.com"
	r = a.do(call{Method: http.MethodPost, Path: "/me/contacts", Token: tok, Body: body})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	list = r.object()["contacts"].([]any)
	require.Len(t, list, 2)
	first := list[0].(map[string]any)
	assert.Equal(t, "王芳", first["name"])
	fid, sid := first["id"].(string), seed["id"].(string)

	r = a.do(call{Method: http.MethodDelete, Path: "/me/contacts/" + fid, Token: tok})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "successor_required", r.fields()["successor_id"])
	r = a.do(call{Method: http.MethodDelete, Path: "/me/contacts/" + fid, Token: other})
	assert.Equal(t, http.StatusNotFound, r.Status, "another member's contact")
	r = a.do(call{Method: http.MethodDelete, Path: "/me/contacts/" + fid + "?successor_id=" + sid, Token: tok})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Len(t, r.object()["contacts"], 1)

	rev := a.staffToken("reviewer-contacts", "reviewer")
	s := a.do(call{Method: http.MethodGet, Path: "/members/" + p.ID + "/contacts", Token: rev})
	require.Equal(t, http.StatusOK, s.Status, string(s.Body))
	assert.Len(t, s.object()["contacts"], 1)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/members/" + p.ID + "/contacts",
		Token: other}).Status)

	_, ind := a.approvedToken("individual", "api-contacts3@example.com", "李四")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/me/contacts", Token: ind}).Status)
}

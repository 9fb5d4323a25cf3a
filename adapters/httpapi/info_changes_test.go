package httpapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// changeBody is POST /me/info-changes' multipart body: the part `change` and
// the proof when given.
func changeBody(t *testing.T, change map[string]any, proof *filePart) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	js, err := json.Marshal(change)
	require.NoError(t, err)
	require.NoError(t, mw.WriteField("change", string(js)))
	if proof != nil {
		w, err := mw.CreateFormFile(proof.field, proof.name)
		require.NoError(t, err)
		_, err = w.Write(proof.content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

func (a *testAPI) requestChange(token string, change map[string]any, proof *filePart) reply {
	a.t.Helper()
	body, ct := changeBody(a.t, change, proof)
	return a.do(call{Method: http.MethodPost, Path: "/me/info-changes", Raw: &body, ContentType: ct, Token: token})
}

// currentChange is the member's data as GET /me/info-changes gives it, as a
// change of an enterprise (the form without the name).
func (a *testAPI) currentChange(token string) map[string]any {
	a.t.Helper()
	r := a.do(call{Method: http.MethodGet, Path: "/me/info-changes", Token: token})
	require.Equal(a.t, http.StatusOK, r.Status, string(r.Body))
	cur := r.object()["current"].(map[string]any)
	form := map[string]any{}
	for k, v := range cur {
		form[k] = v
	}
	return map[string]any{"name": cur["name"], "enterprise": form}
}

func withAddress(change map[string]any, address string) map[string]any {
	form := map[string]any{}
	for k, v := range change["enterprise"].(map[string]any) {
		form[k] = v
	}
	form["address"] = address
	return map[string]any{"name": change["name"], "enterprise": form}
}

// 信息变更 through the API: the refusals (no proof, an HTML file named .pdf,
// nothing changed, two pending, a taken name, another member's ids), then the
// reviewer's queue, detail and approval, after which the member's data holds
// the new address.
func TestInfoChangesThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p, tok := a.approvedToken("enterprise", "api-change@example.com", "接口变更公司")
	_, other := a.approvedToken("enterprise", "api-change2@example.com", "接口变更二公司")
	cur := a.currentChange(tok)
	pdf := &filePart{field: "proof", name: "证明.pdf", content: membershiptest.PDF()}
	moved := withAddress(cur, "上海市浦东新区世纪大道100号")

	r := a.requestChange(tok, moved, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "proof_required", r.fields()["proof"])
	r = a.requestChange(tok, moved, &filePart{field: "proof", name: "证明.pdf", content: []byte("<html><body>x</body></html>")})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "file_type", r.fields()["proof"])
	r = a.requestChange(tok, cur, pdf)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "no_change", r.fields()["form"])
	taken := withAddress(cur, "上海市浦东新区世纪大道100号")
	taken["name"] = "接口变更二公司"
	r = a.requestChange(tok, taken, pdf)
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "name_taken", r.fields()["name"])
	list := a.do(call{Method: http.MethodGet, Path: "/me/info-changes", Token: tok})
	assert.Empty(t, list.object()["items"], "nothing stored")

	r = a.requestChange(tok, moved, pdf)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.Equal(t, "pending", r.str("status"))
	assert.Equal(t, []any{"通讯地址"}, r.object()["changed"])
	r = a.requestChange(tok, withAddress(cur, "广州市天河区体育东路1号"), pdf)
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "info_change_pending", r.code())

	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodPost,
		Path: "/me/info-changes/" + id + "/withdraw", Token: other}).Status, "another member's change")
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/info-changes/" + id,
		Token: other}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/me/info-changes/" + id + "/proof",
		Token: other}).Status)
	proof := a.do(call{Method: http.MethodGet, Path: "/me/info-changes/" + id + "/proof", Token: tok})
	assert.Equal(t, http.StatusOK, proof.Status)

	fin := a.staffToken("finance-change", "finance")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/info-changes", Token: fin}).Status)
	rev := a.staffToken("reviewer-change", "reviewer")
	q := a.do(call{Method: http.MethodGet, Path: "/info-changes", Token: rev})
	require.Equal(t, http.StatusOK, q.Status, string(q.Body))
	assert.InDelta(t, 1, q.object()["counts"].(map[string]any)["pending"], 0)
	d := a.do(call{Method: http.MethodGet, Path: "/info-changes/" + id, Token: rev})
	require.Equal(t, http.StatusOK, d.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/info-changes/" + id + "/reject", Token: rev,
		Body: map[string]any{"reason": ""}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = a.do(call{Method: http.MethodPost, Path: "/info-changes/" + id + "/approve", Token: rev})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "approved", r.str("status"))
	assert.Equal(t, "上海市浦东新区世纪大道100号", a.stored(p.ID).Application().Enterprise.Address)
	r = a.do(call{Method: http.MethodPost, Path: "/info-changes/" + id + "/approve", Token: rev})
	assert.Equal(t, http.StatusConflict, r.Status, "decided once")
}

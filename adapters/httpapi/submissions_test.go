package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/submission/submissiontest"
)

// 企业投稿 through the API: a .docx is submitted, the editors' queue counts
// it, its text is read, approval publishes it (once); a .docm and a zip
// renamed .docx are refused on the field; another member's file is 404;
// individuals and reviewers are refused.
func TestSubmissionsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	_, tok := a.approvedToken("enterprise", "api-sub@example.com", "接口投稿公司")
	_, other := a.approvedToken("enterprise", "api-sub2@example.com", "接口投稿二公司")

	for name, content := range map[string][]byte{"a.docm": submissiontest.Docx("x"),
		"b.docx": submissiontest.Zip(map[string]string{"x.txt": "x"})} {
		r := a.uploadTo("/me/submissions", tok, filePart{"file", name, content})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, name)
		assert.Contains(t, r.fields(), "file", name)
	}
	r := a.uploadTo("/me/submissions", tok, filePart{"file", "接口投稿.docx", submissiontest.Docx("接口正文一段。")})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.Equal(t, "pending", r.str("status"))
	mine := a.do(call{Method: http.MethodGet, Path: "/me/submissions", Token: tok})
	require.Equal(t, http.StatusOK, mine.Status)
	assert.EqualValues(t, 1, mine.object()["total"])
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/me/submissions/" + id + "/file",
		Token: other}).Status)
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/me/submissions/" + id + "/file",
		Token: tok}).Status)

	ed := a.staffToken("api-editor", "editor")
	q := a.do(call{Method: http.MethodGet, Path: "/submissions", Token: ed})
	require.Equal(t, http.StatusOK, q.Status, string(q.Body))
	assert.EqualValues(t, 1, q.object()["counts"].(map[string]any)["pending"])
	d := a.do(call{Method: http.MethodGet, Path: "/submissions/" + id, Token: ed})
	require.Equal(t, http.StatusOK, d.Status)
	assert.Equal(t, "接口正文一段。", d.str("text"))
	bad := a.do(call{Method: http.MethodPost, Path: "/submissions/" + id + "/reject", Token: ed,
		Body: map[string]any{"reason": ""}})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	ok := a.do(call{Method: http.MethodPost, Path: "/submissions/" + id + "/approve", Token: ed,
		Body: map[string]any{"title": "接口投稿", "body": "接口正文一段。"}})
	require.Equal(t, http.StatusOK, ok.Status, string(ok.Body))
	again := a.do(call{Method: http.MethodPost, Path: "/submissions/" + id + "/approve", Token: ed,
		Body: map[string]any{"title": "接口投稿", "body": "x"}})
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Equal(t, "submission_reviewed", again.code())

	rev := a.staffToken("api-sub-reviewer", "reviewer")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/submissions", Token: rev}).Status)
	_, ind := a.approvedToken("individual", "api-sub3@example.com", "接口个人")
	assert.Equal(t, http.StatusForbidden, a.uploadTo("/me/submissions", ind,
		filePart{"file", "a.docx", submissiontest.Docx("x")}).Status)
}

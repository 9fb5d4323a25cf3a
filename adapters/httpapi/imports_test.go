package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const importCSV = "会员类型,会员名称,会员编号,统一社会信用代码/身份证号,第一联系人姓名,登录邮箱,有效期起,有效期止\n" +
	"单位会员,接口导入科技有限公司,19000001,91110108MA01A2B3CF,张三,api-imp1@example.com,2026-01-01,2027-12-31\n" +
	"单位会员,接口导入二公司,19000002,91110108MA01A2B3CF,李四,api-imp2@example.com,2026-01-01,2027-12-31\n"

// importBody is the multipart body of an import: the file and text fields.
func importBody(t *testing.T, content string, fields map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile("file", "members.csv")
	require.NoError(t, err)
	_, err = w.Write([]byte(content))
	require.NoError(t, err)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	require.NoError(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

// 导入老会员 through the API: the dry run with its problems and derived
// passwords, the commit (once per preview), the progress, the members not
// logged in yet, undo (twice refused); other roles are refused before the
// body is read.
func TestImportThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin-imp", "admin")
	body, ct := importBody(t, importCSV, nil)
	r := a.do(call{Method: http.MethodPost, Path: "/imports/preview", Raw: &body, ContentType: ct, Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	prev := r.object()
	assert.EqualValues(t, 1, prev["creates"])
	assert.EqualValues(t, 1, prev["skipped"])
	problem := prev["problems"].([]any)[0].(map[string]any)
	assert.EqualValues(t, 3, problem["row"])
	assert.Equal(t, "统一社会信用代码/身份证号", problem["column"])
	assert.Equal(t, "zhangsan", prev["shown"].([]any)[0].(map[string]any)["password"])
	key := prev["key"].(string)

	body, ct = importBody(t, importCSV, map[string]string{"key": key})
	r = a.do(call{Method: http.MethodPost, Path: "/imports", Raw: &body, ContentType: ct, Token: admin})
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
	id := r.str("id")
	var batch map[string]any
	require.True(t, a.env.WaitUntil(10*time.Second, func() bool {
		batch = a.do(call{Method: http.MethodGet, Path: "/imports/" + id, Token: admin}).object()
		return batch["status"] == "done"
	}))
	assert.EqualValues(t, 1, batch["created"])
	r = a.do(call{Method: http.MethodPost, Path: "/imports", Raw: &body, ContentType: ct, Token: admin})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "import_committed", r.code())

	r = a.do(call{Method: http.MethodGet, Path: "/imports/" + id + "/members?not_logged_in=true", Token: admin})
	require.Equal(t, http.StatusOK, r.Status)
	assert.EqualValues(t, 1, r.object()["total"])
	r = a.do(call{Method: http.MethodGet, Path: "/imports", Token: admin})
	assert.EqualValues(t, 1, r.object()["total"])

	r = a.do(call{Method: http.MethodPost, Path: "/imports/" + id + "/undo", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.EqualValues(t, 1, r.object()["removed"])
	r = a.do(call{Method: http.MethodPost, Path: "/imports/" + id + "/undo", Token: admin})
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "import_undone", r.code())

	reviewer := a.staffToken("reviewer-imp", "reviewer")
	r = a.do(call{Method: http.MethodPost, Path: "/imports/preview", Raw: &body, ContentType: ct, Token: reviewer})
	assert.Equal(t, http.StatusForbidden, r.Status)
}

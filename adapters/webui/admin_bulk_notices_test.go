package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBulkNoticePages: the editor opens 群发通知 (empty), previews the
// individuals, is told when a filter selects nobody (nothing stored), sends
// to the individuals and sees the progress page and its JSON; a reviewer has
// no such page.
func TestBulkNoticePages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.registerMember(t, "individual", "张三", "zhang@example.com")
	f.registerMember(t, "individual", "李四", "li@example.com")
	f.registerMember(t, "enterprise", "某某公司", "corp@example.com")
	ed := f.staffBrowser(t, "editor1", "editor")

	res := ed.get("/admin/bulk-notices")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "还没有发送过群发通知")
	assert.Contains(t, res.Body, `href="/admin/bulk-notices"`, "the menu entry 群发通知")

	res = ed.get("/admin/bulk-notices/new?kind=individual")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, `<strong id="preview-total">2</strong>`)
	assert.Contains(t, res.Body, "张三")
	assert.NotContains(t, res.Body, "某某公司")
	key := regexp.MustCompile(`name="request_key" value="([0-9a-f]+)"`).FindStringSubmatch(res.Body)
	require.Len(t, key, 2)

	nobody := url.Values{"province": {"65"}, "subject": {"无人"}, "body": {"内容"}, "portal": {"on"},
		"request_key": {"x1"}, "csrf_token": {ed.csrf()}}
	res = ed.postForm("/admin/bulk-notices", nobody)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "没有符合筛选条件的会员，通知未发送")
	assert.Contains(t, ed.get("/admin/bulk-notices").Body, "还没有发送过群发通知", "nothing stored")

	send := url.Values{"kind": {"individual"}, "subject": {"年会通知"}, "body": {"请准时参加。"}, "portal": {"on"},
		"request_key": {key[1]}, "csrf_token": {ed.csrf()}}
	res = ed.postForm("/admin/bulk-notices", send)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	detail, _, _ := strings.Cut(res.location(), "?")
	res = ed.get(res.location())
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "群发通知已提交，共 2 位会员")
	assert.Contains(t, res.Body, "年会通知")
	js := ed.get(detail + "/progress")
	require.Equal(t, http.StatusOK, js.Status)
	assert.Contains(t, js.Body, `"recipients":2`)
	assert.Contains(t, ed.get("/admin/bulk-notices").Body, "年会通知")

	rv := f.staffBrowser(t, "reviewer1", "reviewer")
	assert.Equal(t, http.StatusForbidden, rv.get("/admin/bulk-notices").Status)
	assert.NotContains(t, rv.get("/admin").Body, `href="/admin/bulk-notices"`)
}

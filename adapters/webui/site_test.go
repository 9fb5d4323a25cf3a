package webui_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPublicPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	tests := []struct {
		path, title string
		want        []string
	}{
		{"/", "首页", []string{"加入会员", "会员登录", "通知公告", "暂无通知公告", "协会新闻", "暂无协会新闻", `href="/login">登录</a>`}},
		{"/notices", "通知公告", []string{"暂无通知公告", `href="/notices" aria-current="page"`}},
		{"/news", "协会新闻", []string{"暂无协会新闻"}},
		{"/members/search", "会员查询", []string{`role="search"`, "会员编号、名称"}},
		{"/members/search?q=19141263", "会员查询", []string{"未找到该会员", `value="19141263"`}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			res := f.browser(t).get(tc.path)
			require.Equal(t, http.StatusOK, res.Status)
			assert.Contains(t, res.Body, "<title>"+tc.title+" - 中国质量协会会员系统</title>")
			for _, s := range tc.want {
				assert.Contains(t, res.Body, s)
			}
		})
	}

	t.Run("header shows 会员中心 when logged in", func(t *testing.T) {
		f.registerMember(t, "enterprise", "头部公司", "header@example.com")
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("头部公司", goodPass, false).Status)
		res := b.get("/")
		assert.Contains(t, res.Body, `href="/member">会员中心</a>`)
		assert.NotContains(t, res.Body, `href="/login">登录</a>`)
	})
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)

	res := b.get("/no/such/page")
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Contains(t, res.Body, "页面不存在")
	assert.Contains(t, res.Body, "<title>页面不存在 - ")

	req := httpRequest(http.MethodPut, "/login")
	res = b.do(req)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Contains(t, res.Body, "请求方法不被允许")

	res = b.get("/static/0000/css/none.css")
	assert.Equal(t, http.StatusNotFound, res.Status)
}

var cssURL = regexp.MustCompile(`href="(/static/([0-9a-f]{12})/css/app\.css)"`)

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)
	page := b.get("/login")
	m := cssURL.FindStringSubmatch(page.Body)
	require.NotNil(t, m)
	assert.Regexp(t, `/static/[0-9a-f]{12}/js/slider\.js`, page.Body)
	assert.Regexp(t, `/static/[0-9a-f]{12}/css/slider\.css`, page.Body)

	res := b.get(m[1])
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
	assert.Contains(t, res.Header.Get("Content-Type"), "text/css")
	assert.Contains(t, res.Body, ":root")

	req := httpRequest(http.MethodGet, m[1])
	req.Header.Set("Accept-Encoding", "gzip")
	res = b.do(req)
	require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(strings.NewReader(res.Body))
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Contains(t, string(plain), ":root")

	req = httpRequest(http.MethodGet, m[1])
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	req.Header.Set("Accept-Encoding", "gzip")
	assert.Equal(t, http.StatusNotModified, b.do(req).Status)

	// An outdated fingerprint still gets the file, but uncached.
	res = b.get("/static/000000000000/css/app.css")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
}

func TestCaptchaEndpoints(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)

	ch := b.newChallenge("login")
	assert.NotEmpty(t, ch.ID)
	assert.True(t, strings.HasPrefix(ch.Background, "data:image/png;base64,"))
	assert.True(t, strings.HasPrefix(ch.Piece, "data:image/png;base64,"))
	assert.Equal(t, 300, ch.Width)
	assert.Equal(t, 150, ch.Height)
	assert.Equal(t, 44, ch.PieceSize)

	type errBody struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	verify := func(body any) (int, errBody) {
		res := b.postJSON("/captcha/verify", body, b.csrf())
		var e errBody
		_ = json.Unmarshal([]byte(res.Body), &e)
		return res.Status, e
	}

	status, e := verify(map[string]any{"id": ch.ID, "x": *ch.TargetX + 40, "duration_ms": 800})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "captcha_failed", e.Error.Code)
	assert.Equal(t, "验证失败，请重新拖动滑块", e.Error.Message)

	// A challenge is answered once.
	status, e = verify(map[string]any{"id": ch.ID, "x": *ch.TargetX, "duration_ms": 800})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "captcha_expired", e.Error.Code)

	ch = b.newChallenge("login")
	status, e = verify(map[string]any{"id": ch.ID, "x": *ch.TargetX, "duration_ms": 50})
	assert.Equal(t, http.StatusBadRequest, status, "too fast for a person")
	assert.Equal(t, "captcha_failed", e.Error.Code)

	res := b.postJSON("/captcha/verify", "not an object", b.csrf())
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Contains(t, res.Body, "bad_request")
}

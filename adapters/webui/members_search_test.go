package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMembersSearchTellsTheTruth(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p := f.env.ActiveMember(t, "enterprise", "查询测试有限公司", "lookup@example.com")
	m, err := f.env.Module.Ports().Members.Get(context.Background(), p.ID)
	require.NoError(t, err)
	b := f.browser(t)

	for _, q := range []string{m.Number(), "查询测试有限公司"} {
		res := b.get("/members/search?q=" + url.QueryEscape(q))
		require.Equal(t, http.StatusOK, res.Status)
		assert.Contains(t, res.Body, "查询测试有限公司", q)
		assert.Contains(t, res.Body, m.Number())
		assert.Contains(t, res.Body, "有效")
		assert.Contains(t, res.Body, "单位会员")
		assert.Contains(t, res.Body, m.ValidUntil().Format("2006-01-02"))
		assert.NotContains(t, res.Body, "lookup@example.com", "nothing private")
		assert.NotContains(t, res.Body, "13812345678")
		assert.NotContains(t, res.Body, "未找到该会员")
	}
	res := b.get("/members/search?q=" + url.QueryEscape("查询测试"))
	assert.Contains(t, res.Body, "未找到该会员", "a part of the name is no match")
	res = b.get("/members/search?q=" + url.QueryEscape("查询%"))
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "不支持通配符")
	res = b.get("/members/search?q=" + strings.Repeat("中", 1000))
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "不能超过100个字符")
}

func TestMembersSearchIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	f := setup(t)
	b := f.browser(t)
	for i := range 30 {
		res := b.get("/members/search?q=GR190037")
		require.Equal(t, http.StatusOK, res.Status, "lookup %d", i+1)
	}
	res := b.get("/members/search?q=GR190037")
	assert.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	assert.Contains(t, res.Body, "查询过于频繁")
}

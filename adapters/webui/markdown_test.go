package webui

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMarkdownIsSanitised(t *testing.T) {
	t.Parallel()
	m := newMarkdown()
	cases := map[string]string{
		"<script>alert(1)</script>正文":                          "<script",
		"[点我](javascript:alert(1))":                            "javascript:",
		"<iframe src=\"https://evil.example\"></iframe>":       "<iframe",
		"<a href=\"/x\" onclick=\"alert(1)\">x</a>":            "onclick",
		"<img src=\"x\" onerror=\"alert(1)\">":                 "onerror",
		"![x](data:image/png;base64,AAAA)":                     "data:",
		"![外链](https://evil.example/a.png)":                    "evil.example",
		"<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>": "data:",
		"<p style=\"background:url(x)\">x</p>":                 "style",
	}
	for src, banned := range cases {
		got := string(m.render(src))
		assert.NotContains(t, strings.ToLower(got), banned, src)
	}
	got := string(m.render("# 标题\n\n**加粗** [链接](https://example.org)\n\n![图](/articles/a1/files/f1)\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
	assert.Contains(t, got, "<h1")
	assert.Contains(t, got, "<strong>加粗</strong>")
	assert.Contains(t, got, `href="https://example.org"`)
	assert.Contains(t, got, `<img src="/articles/a1/files/f1" alt="图"`)
	assert.Contains(t, got, "<table>")
	got = string(m.render("前![外链图片](https://evil.example/a.png)后"))
	assert.Contains(t, got, "前外链图片后", "a foreign picture leaves its text")
}

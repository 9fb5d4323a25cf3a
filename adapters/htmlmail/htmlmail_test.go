package htmlmail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/htmlmail"
	"github.com/openassoc/membership/ports"
)

type capture struct{ sent []ports.Message }

func (c *capture) Send(_ context.Context, m ports.Message) error {
	c.sent = append(c.sent, m)
	return nil
}

func TestEveryMailGetsABrandedHTMLAlternative(t *testing.T) {
	t.Parallel()
	next := &capture{}
	m, err := htmlmail.New(next, "https://members.example.org/", func(context.Context) (htmlmail.Branding, error) {
		return htmlmail.Branding{Name: "某某行业协会", Primary: "#1d6f42",
			LogoURL: "https://members.example.org/site/logo?v=1", ICP: "京ICP备12345678号"}, nil
	})
	require.NoError(t, err)
	text := "您好：\n\n请点击以下链接验证邮箱：\nhttps://members.example.org/verify?token=a&b=<c>\n\n或登录 /member 查看。"
	require.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.org"}, Subject: "验证邮箱",
		Text: text}))
	require.Len(t, next.sent, 1)
	got := next.sent[0]
	assert.Equal(t, text, got.Text, "the plain text is kept")
	assert.Contains(t, got.HTML, `<a href="https://members.example.org/verify?token=a&amp;b=">`)
	assert.Contains(t, got.HTML, "&lt;c&gt;", "the text is escaped")
	assert.Contains(t, got.HTML, `<a href="https://members.example.org/member">/member</a>`, "relative links are made absolute")
	assert.Contains(t, got.HTML, `src="https://members.example.org/site/logo?v=1"`)
	assert.Contains(t, got.HTML, "某某行业协会")
	assert.Contains(t, got.HTML, "京ICP备12345678号")
	assert.Contains(t, got.HTML, "background:#1d6f42")
	assert.False(t, strings.Contains(got.HTML, "<script"))

	own := ports.Message{To: []string{"a@example.org"}, Subject: "x", Text: "t", HTML: "<p>own</p>"}
	require.NoError(t, m.Send(context.Background(), own))
	assert.Equal(t, "<p>own</p>", next.sent[1].HTML, "an HTML body of its own is kept")
}

func TestSenderNameIsSetWhenTheMessageHasNone(t *testing.T) {
	t.Parallel()
	next := &capture{}
	m := htmlmail.NewSenderName(next, func(context.Context) (string, error) { return "某某行业协会秘书处", nil })
	require.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.org"}, Text: "t"}))
	require.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.org"}, Text: "t",
		FromName: "自定义"}))
	assert.Equal(t, "某某行业协会秘书处", next.sent[0].FromName)
	assert.Equal(t, "自定义", next.sent[1].FromName)
}

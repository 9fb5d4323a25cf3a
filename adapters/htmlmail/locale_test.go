package htmlmail_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/htmlmail"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// The HTML frame follows the message's language: an English message gets an
// English footer and lang="en"; a message without a locale (or zh-CN) keeps
// the Chinese one. The text itself is the message's own.
func TestTheFrameFollowsTheMessagesLanguage(t *testing.T) {
	t.Parallel()
	m, err := htmlmail.New(&capture{}, "https://members.example.org", func(context.Context) (htmlmail.Branding, error) {
		return htmlmail.Branding{Name: "某某行业协会", Address: "北京市海淀区", Phone: "010-12345678",
			Email: "info@example.org"}, nil
	})
	require.NoError(t, err)
	en, err := m.Render(context.Background(), ports.Message{Subject: "[某某行业协会] Reset your password",
		Text: "Hello,\n\nPlease open the link.", Locale: i18n.English})
	require.NoError(t, err)
	assert.Contains(t, en, `<html lang="en">`)
	assert.Contains(t, en, "Address: 北京市海淀区 Tel: 010-12345678 Email: info@example.org")
	assert.Contains(t, en, "This email was sent automatically. Please do not reply to it.")
	assert.Contains(t, en, "Please open the link.")
	for _, zh := range []string{"地址：", "电话：", "邮箱：", "请勿直接回复"} {
		assert.NotContains(t, en, zh)
	}
	for _, locale := range []string{"", i18n.Chinese} {
		zh, err := m.Render(context.Background(), ports.Message{Subject: "重置密码", Text: "您好：", Locale: locale})
		require.NoError(t, err)
		assert.Contains(t, zh, `<html lang="zh-CN">`, locale)
		assert.Contains(t, zh, "地址：北京市海淀区 电话：010-12345678 邮箱：info@example.org", locale)
		assert.Contains(t, zh, "此邮件由系统自动发送，请勿直接回复。", locale)
	}
}

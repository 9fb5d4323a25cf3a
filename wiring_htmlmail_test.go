package membership_test

import (
	"context"
	"mime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/membershiptest"
)

// Every email is multipart: the plain text and an HTML alternative with the
// branding in force (网站设置).
func TestEmailsAreMultipartWithTheBranding(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	admin := env.Staff(t, access.RoleAdmin)
	require.NoError(t, env.App.Commands.UpdateSiteSettings.Handle(context.Background(), command.UpdateSiteSettings{
		Principal: admin, Settings: site.Settings{Name: "某某行业协会", Primary: "#1d6f42", Accent: "#f08300",
			ICP: "京ICP备12345678号"}}))
	env.RegisterMember(t, "enterprise", "多部分邮件公司", "html@example.com", "abc123")
	mail := env.Mailbox.WaitFor(t, "html@example.com", "注册成功", 10*time.Second)
	assert.NotEmpty(t, mail.Text)
	assert.Contains(t, mail.HTML, "某某行业协会")
	assert.Contains(t, mail.HTML, "京ICP备12345678号")
	assert.Contains(t, mail.HTML, "<a href=\"http")
}

// The sender's display name of 网站设置 is the From's name.
func TestEmailsCarryTheSenderName(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	require.NoError(t, env.App.Commands.UpdateSiteSettings.Handle(context.Background(), command.UpdateSiteSettings{
		Principal: env.Staff(t, access.RoleAdmin), Settings: site.Settings{Name: "某某行业协会", Primary: "#0b4ea2",
			Accent: "#f08300", MailFromName: "某某行业协会秘书处"}}))
	env.RegisterMember(t, "enterprise", "发件人测试公司", "sender@example.com", "abc123")
	mail := env.Mailbox.WaitFor(t, "sender@example.com", "注册成功", 10*time.Second)
	assert.Contains(t, mail.From, "=?", "an encoded display name")
	dec := new(mime.WordDecoder)
	from, err := dec.DecodeHeader(mail.From)
	require.NoError(t, err)
	assert.Contains(t, from, "某某行业协会秘书处")
}

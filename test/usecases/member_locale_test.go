package usecases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/membershiptest"
)

// TestEmailsFollowTheMembersLanguage: a member whose setting is English gets
// its event emails in English (text and the HTML frame) and a bulk notice in
// the staff's words inside an English frame; a member without a setting gets
// the same in Chinese.
func TestEmailsFollowTheMembersLanguage(t *testing.T) {
	t.Parallel()
	env, ids := bulkEnv(t, 2)
	en := env.MemberPrincipal(t, ids[0])
	require.NoError(t, env.App.Commands.SetMemberLocale.Handle(ctx, command.SetMemberLocale{Principal: en,
		Locale: i18n.English}))

	require.NoError(t, env.App.Commands.RequestPasswordReset.Handle(ctx, command.RequestPasswordReset{
		Email: "bulk00@example.com", CaptchaToken: env.PassCaptcha(t, captcha.PurposeForgotPassword)}))
	reset := env.Mailbox.WaitFor(t, "bulk00@example.com", "Reset your password", 10*time.Second)
	assert.Contains(t, reset.Text, "We received a request to reset your password")
	assert.Contains(t, reset.HTML, `<html lang="en">`)
	assert.Contains(t, reset.HTML, "This email was sent automatically")
	require.NoError(t, env.App.Commands.RequestPasswordReset.Handle(ctx, command.RequestPasswordReset{
		Email: "bulk01@example.com", CaptchaToken: env.PassCaptcha(t, captcha.PurposeForgotPassword)}))
	zh := env.Mailbox.WaitFor(t, "bulk01@example.com", "重置密码", 10*time.Second)
	assert.Contains(t, zh.HTML, "此邮件由系统自动发送，请勿直接回复。")

	editor := env.Staff(t, access.RoleEditor)
	_, err := env.App.Commands.SendBulkNotice.Handle(ctx, command.SendBulkNotice{Principal: editor,
		Filters: individuals(), Subject: "年会通知", Body: "定于12月20日召开年会。", Email: true, RequestKey: "lang-1"})
	require.NoError(t, err)
	res, err := env.App.Commands.DispatchBulkNotices.Handle(ctx, "test")
	require.NoError(t, err)
	require.Equal(t, 2, res.Delivered)
	bulkEN := env.Mailbox.WaitFor(t, "bulk00@example.com", "年会通知", 10*time.Second)
	assert.True(t, strings.HasPrefix(bulkEN.Text, "Dear 群发甲,"), bulkEN.Text)
	assert.Contains(t, bulkEN.Text, "定于12月20日召开年会。", "the staff's words as written")
	assert.Contains(t, bulkEN.Text, "Log in to the member portal for more: ")
	assert.Contains(t, bulkEN.HTML, `<html lang="en">`)
	bulkZH := env.Mailbox.WaitFor(t, "bulk01@example.com", "年会通知", 10*time.Second)
	assert.True(t, strings.HasPrefix(bulkZH.Text, "个人会员【群发申】："), bulkZH.Text)
	assert.Contains(t, bulkZH.Text, "登录会员系统查看更多：")
	assert.Contains(t, bulkZH.HTML, `<html lang="zh-CN">`)
}

// TestRegisteringInEnglishKeepsTheLanguage: a visitor who registers on the
// English site gets the registration email (its verification link) in English — the language is kept
// with the account, in the same transaction — and one who registers in
// Chinese gets it in Chinese with no setting stored.
func TestRegisteringInEnglishKeepsTheLanguage(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	id, err := env.App.Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "individual",
		Email: "english@example.com", Name: "英文访客", Password: "abc12345", PasswordConfirm: "abc12345",
		CaptchaToken: env.PassCaptcha(t, captcha.PurposeRegister), Locale: i18n.English})
	require.NoError(t, err)
	require.NotEmpty(t, id)
	mail := env.Mailbox.WaitFor(t, "english@example.com", "Member account registered: please verify your email", 10*time.Second)
	assert.Contains(t, mail.HTML, `<html lang="en">`)
	got, err := env.App.Queries.MemberLocale.Handle(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, i18n.English, got)

	id, err = env.App.Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "individual",
		Email: "chinese@example.com", Name: "中文访客", Password: "abc12345", PasswordConfirm: "abc12345",
		CaptchaToken: env.PassCaptcha(t, captcha.PurposeRegister), Locale: i18n.Chinese})
	require.NoError(t, err)
	env.Mailbox.WaitFor(t, "chinese@example.com", "会员账号注册成功，请验证邮箱", 10*time.Second)
	got, err = env.App.Queries.MemberLocale.Handle(ctx, id)
	require.NoError(t, err)
	assert.Empty(t, got, "the default language is not stored")
}

package usecases_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/membershiptest"
)

// bulkEnv is a module whose bulk-notice dispatcher the test drives itself,
// with a send rate of 5 a minute, and n individual members.
func bulkEnv(t *testing.T, n int) (*membershiptest.Env, []string) {
	t.Helper()
	clock := membershiptest.RunningClock()
	clock.Set(time.Date(2026, 12, 7, 10, 0, 0, 0, cst))
	env := membershiptest.New(t, membershiptest.WithClock(clock), membershiptest.WithConfig(func(c *membership.Config) {
		c.BulkNotices = membership.BulkNoticeConfig{RatePerMinute: 5, Every: -1}
	}))
	ids := make([]string, n)
	for i := range n {
		ids[i] = env.RegisterMember(t, "individual", "群发"+string(rune(0x7532+i)), fmt.Sprintf("bulk%02d@example.com", i),
			"abc123")
	}
	env.RegisterMember(t, "enterprise", "某某企业", "corp@example.com", "abc123")
	return env, ids
}

func individuals() query.MemberFilters { return query.MemberFilters{Kind: "individual"} }

// TestBulkNoticeReachesEachMemberOnceWithinTheRate: staff preview and send a
// notice to the individuals; the dispatcher hands 5 a minute to the mail queue
// (the settable clock advances the minutes), each member gets one
// notification and one email; sending the same form again and delivering
// again after a lost mark store nothing twice; the campaign is audited.
func TestBulkNoticeReachesEachMemberOnceWithinTheRate(t *testing.T) {
	t.Parallel()
	env, ids := bulkEnv(t, 12)
	editor := env.Staff(t, access.RoleEditor)

	pv, err := env.App.Queries.BulkNoticePreview.Handle(ctx, query.BulkNoticePreview{Principal: editor,
		Filters: individuals()})
	require.NoError(t, err)
	assert.Equal(t, 12, pv.Total)
	assert.Len(t, pv.First, query.PreviewRows)

	send := command.SendBulkNotice{Principal: editor, Filters: individuals(), Subject: "年会通知",
		Body: "定于12月20日召开年会，请准时参加。", Portal: true, Email: true, RequestKey: "form-1"}
	c, err := env.App.Commands.SendBulkNotice.Handle(ctx, send)
	require.NoError(t, err)
	assert.Equal(t, 12, c.Recipients)
	assert.Equal(t, "类别：个人会员", c.FilterSummary)
	assert.Equal(t, "kind=individual", c.Filters)
	again, err := env.App.Commands.SendBulkNotice.Handle(ctx, send)
	require.NoError(t, err)
	assert.Equal(t, c.ID, again.ID, "the same form sent twice makes one campaign")

	dispatch := func() command.BulkDispatchResult {
		res, err := env.App.Commands.DispatchBulkNotices.Handle(ctx, "test")
		require.NoError(t, err)
		return res
	}
	progress := func() bulknotice.Progress {
		v, err := env.App.Queries.BulkNoticeDetail.Handle(ctx, query.BulkNoticeDetail{Principal: editor, ID: c.ID})
		require.NoError(t, err)
		return v.Progress
	}
	res := dispatch()
	assert.Equal(t, 5, res.Delivered)
	assert.True(t, res.Limited)
	assert.Equal(t, 0, dispatch().Delivered, "the rate holds the rest back within the minute")
	assert.Equal(t, bulknotice.Progress{Pending: 7, Sent: 5}, progress())
	env.Clock.Advance(time.Minute)
	assert.Equal(t, 5, dispatch().Delivered)
	env.Clock.Advance(time.Minute)
	assert.Equal(t, 2, dispatch().Delivered)
	assert.Equal(t, bulknotice.Progress{Sent: 12}, progress())
	assert.Zero(t, dispatch().Delivered+dispatch().Failed)

	// A dispatcher that died after delivering but before marking: the
	// recipients are pending again and are delivered again — keyed, so
	// nothing reaches a member twice.
	db, err := bunstore.Open(ctx, filepath.Join(env.DataDir, "membership.db"))
	require.NoError(t, err)
	defer func() { _ = db.Close() }()
	_, err = db.SQL().ExecContext(ctx, "UPDATE bulk_notice_recipients SET state = 'pending'")
	require.NoError(t, err)
	env.Clock.Advance(time.Hour)
	assert.Equal(t, 12, dispatch().Delivered, "delivered again: the batch holds them all within the hour's rate")
	assert.Equal(t, bulknotice.Progress{Sent: 12}, progress())

	for i, id := range ids {
		p := env.MemberPrincipal(t, id)
		list, err := env.App.Queries.MemberNotifications.Handle(ctx, query.MemberNotifications{Principal: p})
		require.NoError(t, err)
		var notices []string
		for _, n := range list.Items {
			if n.Category == notification.CategoryNotice {
				notices = append(notices, n.Text)
			}
		}
		assert.Equal(t, []string{"【年会通知】定于12月20日召开年会，请准时参加。"}, notices, "member %d: one notification", i)
		m := env.Mailbox.WaitFor(t, fmt.Sprintf("bulk%02d@example.com", i), "年会通知", 10*time.Second)
		assert.Contains(t, m.Text, "定于12月20日召开年会")
		assert.Contains(t, m.HTML, "定于12月20日召开年会", "the HTML alternative from the email template")
	}
	corp, err := env.Mailbox.To("corp@example.com")
	require.NoError(t, err)
	for _, m := range corp {
		assert.NotContains(t, m.Subject, "年会通知", "the enterprise was not selected")
	}
	require.True(t, env.WaitUntil(10*time.Second, func() bool { return countSubject(t, env, "年会通知") >= 12 }))
	assert.Equal(t, 12, countSubject(t, env, "年会通知"), "one email per member")

	entries := auditOf(t, env, audit.BulkNoticeSend)
	require.Len(t, entries, 1, "one audit entry per campaign")
	assert.Contains(t, entries[0].Summary, "年会通知")
	assert.Contains(t, entries[0].Summary, "12 位会员；筛选条件：类别：个人会员")
}

// countSubject counts the emails whose subject contains s.
func countSubject(t *testing.T, env *membershiptest.Env, s string) int {
	t.Helper()
	all, err := env.Mailbox.Messages()
	require.NoError(t, err)
	n := 0
	for _, m := range all {
		if strings.Contains(m.Subject, s) {
			n++
		}
	}
	return n
}

// auditOf lists the audit log's entries of an action.
func auditOf(t *testing.T, env *membershiptest.Env, a audit.Action) []query.AuditItem {
	t.Helper()
	v, err := env.App.Queries.AuditLog.Handle(ctx, query.AuditLog{Principal: env.Staff(t, access.RoleAdmin),
		Filters: query.AuditFilters{Action: string(a)}})
	require.NoError(t, err)
	return v.Items
}

// TestBulkNoticeRefusals: a filter selecting nobody, an empty message, no
// channel and a bad filter are refused on their fields with nothing stored;
// a reviewer may not send or read bulk notices.
func TestBulkNoticeRefusals(t *testing.T) {
	t.Parallel()
	env, _ := bulkEnv(t, 2)
	admin := env.Staff(t, access.RoleAdmin)
	ok := command.SendBulkNotice{Principal: admin, Subject: "通知", Body: "内容", Portal: true}

	nobody := ok
	nobody.Filters = query.MemberFilters{Province: "65"}
	_, err := env.App.Commands.SendBulkNotice.Handle(ctx, nobody)
	requireField(t, err, "filters", "no_recipients")
	assert.Contains(t, apperr.As(err).Fields[0].Message, "没有符合筛选条件的会员")

	empty := ok
	empty.Subject, empty.Body, empty.Portal = " ", "", false
	_, err = env.App.Commands.SendBulkNotice.Handle(ctx, empty)
	requireField(t, err, "subject", "required")
	fields := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		fields[f.Field] = f.Message
	}
	assert.Equal(t, map[string]string{"subject": "请填写通知标题", "body": "请填写通知内容",
		"channels": "请至少选择一种发送方式（站内通知或电子邮件）"}, fields)

	bad := ok
	bad.Filters = query.MemberFilters{Kind: "robot"}
	_, err = env.App.Commands.SendBulkNotice.Handle(ctx, bad)
	requireField(t, err, "kind", "kind_invalid")

	long := ok
	long.Body = strings.Repeat("长", bulknotice.MaxBodyLen+1)
	_, err = env.App.Commands.SendBulkNotice.Handle(ctx, long)
	requireField(t, err, "body", "too_long")

	list, err := env.App.Queries.BulkNotices.Handle(ctx, query.BulkNotices{Principal: admin})
	require.NoError(t, err)
	assert.Zero(t, list.Total, "nothing stored")
	assert.Empty(t, auditOf(t, env, audit.BulkNoticeSend), "nothing audited")

	reviewer := env.Staff(t, access.RoleReviewer)
	ok.Principal = reviewer
	_, err = env.App.Commands.SendBulkNotice.Handle(ctx, ok)
	requireKindCode(t, err, apperr.KindForbidden, "forbidden")
	_, err = env.App.Queries.BulkNotices.Handle(ctx, query.BulkNotices{Principal: reviewer})
	requireKindCode(t, err, apperr.KindForbidden, "forbidden")
	_, err = env.App.Queries.BulkNoticePreview.Handle(ctx, query.BulkNoticePreview{Principal: reviewer})
	requireKindCode(t, err, apperr.KindForbidden, "forbidden")
}

// requireField asserts an Invalid error with the code on the field.
func requireField(t *testing.T, err error, field, code string) {
	t.Helper()
	require.True(t, apperr.IsKind(err, apperr.KindInvalid), "%v", err)
	for _, f := range apperr.As(err).Fields {
		if f.Field == field {
			assert.Equal(t, code, f.Code, "field %s", field)
			assert.NotEmpty(t, f.Message)
			return
		}
	}
	t.Fatalf("no error on %s in %v", field, apperr.As(err).Fields)
}

// TestBulkNoticeEmailIsMultipartWithLogoAndFooter: with a footer and a logo
// set, a bulk notice's email (read back as the .eml the mailer wrote) is
// multipart/alternative with text/plain and text/html, and its HTML has the
// logo, the footer and absolute links only. (The integration suite reads the
// same from mailpit, through SMTP.)
func TestBulkNoticeEmailIsMultipartWithLogoAndFooter(t *testing.T) {
	t.Parallel()
	env, _ := bulkEnv(t, 2)
	admin := env.Staff(t, access.RoleAdmin)
	s := site.Defaults("中国质量协会")
	s.Address, s.ICP = "北京市海淀区增光路33号", "京ICP备12345678号"
	require.NoError(t, env.App.Commands.UpdateSiteSettings.Handle(ctx, command.UpdateSiteSettings{Principal: admin,
		Settings: s}))
	require.NoError(t, env.App.Commands.UploadSiteLogo.Handle(ctx, command.UploadSiteLogo{Principal: admin,
		Content: bytes.NewReader(membershiptest.PNG(t, 64, 64))}))
	env.Clock.Advance(10 * time.Second) // the mailer's copy of the branding is read again (kept 5 s)
	_, err := env.App.Commands.SendBulkNotice.Handle(ctx, command.SendBulkNotice{Principal: admin,
		Filters: individuals(), Subject: "会员大会通知", Body: "定于12月20日召开会员大会。", Email: true})
	require.NoError(t, err)
	_, err = env.App.Commands.DispatchBulkNotices.Handle(ctx, "test")
	require.NoError(t, err)
	m := env.Mailbox.WaitFor(t, "bulk00@example.com", "会员大会通知", 10*time.Second)

	raw, err := os.ReadFile(m.File)
	require.NoError(t, err)
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	require.NoError(t, err)
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt)
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		pt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		require.NoError(t, err)
		types = append(types, pt)
	}
	assert.Equal(t, []string{"text/plain", "text/html"}, types)
	assert.Contains(t, m.HTML, `<img src="http://member.test/site/logo?v=`)
	assert.Contains(t, m.HTML, "地址：北京市海淀区增光路33号")
	assert.Contains(t, m.HTML, "京ICP备12345678号")
	assert.Contains(t, m.HTML, `href="http://member.test/login"`)
	assert.NotContains(t, m.HTML, `href="/`)
}

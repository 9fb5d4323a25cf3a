//go:build integration

package integration

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/membershiptest"
)

// raw is /api/v1/message/{ID}/raw: the message's source as sent.
func (m mailpit) raw(id string) []byte {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.apiURL()+"/api/v1/message/"+url.PathEscape(id)+"/raw", nil)
	require.NoError(m.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(m.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(m.t, err)
	require.Equal(m.t, http.StatusOK, resp.StatusCode, string(body))
	return body
}

// partTypes returns the media types of a multipart/alternative message's
// parts, or fails when the message is not multipart.
func partTypes(t *testing.T, source []byte) []string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(source))
	require.NoError(t, err)
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(mt, "multipart/"), "the email is %s, not multipart", mt)
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		pt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		require.NoError(t, err)
		types = append(types, pt)
	}
	return types
}

// TestBulkNoticeHTMLEmailThroughMailpit: the admin sets the footer and a logo,
// then sends a bulk notice to the 20 individuals of the registry (not the
// enterprise) through SMTP. Every one of the 20 arrives in mailpit exactly
// once, as multipart/alternative (text/plain and text/html); the HTML has the
// logo, the footer and absolute links.
func TestBulkNoticeHTMLEmailThroughMailpit(t *testing.T) {
	env := smtpModule(t)
	ctx := context.Background()
	admin := env.Staff(t, access.RoleAdmin)
	settings := site.Defaults("中国质量协会")
	settings.Address, settings.Phone, settings.ICP = "北京市海淀区增光路33号", "010-68418899", "京ICP备12345678号"
	require.NoError(t, env.App.Commands.UpdateSiteSettings.Handle(ctx, command.UpdateSiteSettings{Principal: admin,
		Settings: settings}))
	require.NoError(t, env.App.Commands.UploadSiteLogo.Handle(ctx, command.UploadSiteLogo{Principal: admin,
		Content: bytes.NewReader(membershiptest.PNG(t, 64, 64))}))

	tag := randomHex(4)
	digits := []rune("零一二三四五六七八九")
	emails := make([]string, 20)
	for i := range emails {
		emails[i] = fmt.Sprintf("bulk%02d.%s@example.org", i, tag)
		// Unverified: their verification mail goes to mailpit, not to the
		// file mailbox RegisterMember reads; a notice reaches them all the same.
		env.RegisterUnverified(t, "individual", fmt.Sprintf("群发%c%c", digits[i/10], digits[i%10]), emails[i],
			"secret123")
	}
	corp := "corp." + tag + "@example.org"
	env.RegisterUnverified(t, "enterprise", "不在名单的企业", corp, "secret123")

	subject := "关于召开会员大会的通知 " + tag
	c, err := env.App.Commands.SendBulkNotice.Handle(ctx, command.SendBulkNotice{Principal: admin,
		Filters: query.MemberFilters{Kind: "individual"}, Subject: subject,
		Body: "定于12月20日召开会员大会，请准时参加。", Portal: true, Email: true, RequestKey: "it-" + tag})
	require.NoError(t, err)
	require.Equal(t, 20, c.Recipients)

	mp := mailpit{t}
	first := mp.waitFor(emails[0], subject, 60*time.Second)
	for _, e := range emails[1:] {
		mp.waitFor(e, subject, 60*time.Second)
	}
	// A dispatcher run after everything was delivered, and a resend of the
	// same form, add nothing.
	_, err = env.App.Commands.DispatchBulkNotices.Handle(ctx, "again")
	require.NoError(t, err)
	_, err = env.App.Commands.SendBulkNotice.Handle(ctx, command.SendBulkNotice{Principal: admin,
		Filters: query.MemberFilters{Kind: "individual"}, Subject: subject, Body: "x", Portal: true, Email: true,
		RequestKey: "it-" + tag})
	require.NoError(t, err)
	time.Sleep(2 * time.Second) // a duplicate would have been sent by now (the queue polls every second)
	for _, e := range emails {
		list, err := mp.to(e)
		require.NoError(t, err)
		n := 0
		for _, s := range list {
			if s.Subject == subject {
				n++
			}
		}
		assert.Equal(t, 1, n, "%s receives the notice exactly once", e)
	}
	assert.Zero(t, mp.count(corp)-countWelcome(t, mp, corp), "the enterprise was not selected")

	assert.Equal(t, []string{"text/plain", "text/html"}, partTypes(t, mp.raw(first.ID)))
	assert.Contains(t, first.Text, "定于12月20日召开会员大会")
	assert.Contains(t, first.HTML, "定于12月20日召开会员大会")
	assert.Contains(t, first.HTML, `<img src="http://member.test/site/logo?v=`, "the logo, by absolute address")
	assert.Contains(t, first.HTML, "地址：北京市海淀区增光路33号", "the footer")
	assert.Contains(t, first.HTML, "京ICP备12345678号")
	assert.Contains(t, first.HTML, `href="http://member.test/login"`, "links are absolute")
	assert.NotContains(t, first.HTML, `href="/`, "no relative link")
}

// countWelcome counts the registration emails to addr (the only mail an
// unselected member gets).
func countWelcome(t *testing.T, mp mailpit, addr string) int {
	t.Helper()
	list, err := mp.to(addr)
	require.NoError(t, err)
	n := 0
	for _, s := range list {
		if !strings.Contains(s.Subject, "通知") {
			n++
		}
	}
	return n
}

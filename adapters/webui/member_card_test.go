package webui_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
)

// verifyPathOf is the QR code's verification path a card page carries.
var verifyPathOf = regexp.MustCompile(`data-verify-path="(/members/verify/[^"]+)"`)

// cardOf logs in an active member of kind and returns its browser and the
// verification path of its card.
func cardOf(t *testing.T, f *fixture, kind, name, email string) (access.Principal, *browser, string) {
	t.Helper()
	p := f.env.ActiveMember(t, kind, name, email)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login(name, goodPass, false).Status)
	page := b.get("/member/card")
	require.Equal(t, http.StatusOK, page.Status, page.Body)
	m := verifyPathOf.FindStringSubmatch(page.Body)
	require.NotNil(t, m, "no QR code on the card page")
	return p, b, m[1]
}

// TestMemberCardVerifies: an individual's card shows its facts, the QR code
// and the downloads; its link verifies as 有效 without a session, shows nothing
// private, and after the validity ends (the clock) as 已过期; a tampered or
// forged link is 「该会员证无效」 (404, not a 500).
func TestMemberCardVerifies(t *testing.T) {
	t.Parallel()
	f := setup(t)
	_, mb, path := cardOf(t, f, "individual", "卡片个人", "card-one@example.com")
	page := mb.get("/member/card")
	for _, s := range []string{`id="card-name">卡片个人<`, "VIP", `id="card-status">有效<`, `src="data:image/png;base64,`,
		"format=png", "format=pdf", "format=a4", "重新签发", "VIP 我的会员卡"} {
		assert.Contains(t, page.Body, s)
	}
	guest := f.browser(t)
	res := guest.get(path)
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	assert.Contains(t, res.Body, "该会员卡有效")
	assert.Contains(t, res.Body, "卡片个人")
	assert.NotContains(t, res.Body, "card-one@example.com", "nothing private")

	id := strings.Split(strings.TrimPrefix(path, "/members/verify/"), ".")[0]
	for _, bad := range []string{path + "x", strings.Replace(path, ".1.", ".2.", 1),
		"/members/verify/" + id + ".1.AAAAAAAAAAAAAAAAAAAAAA", "/members/verify/GR190001", "/members/verify/%3Cscript%3E"} {
		res := guest.get(bad)
		assert.Equal(t, http.StatusNotFound, res.Status, bad)
		assert.Contains(t, res.Body, "该会员证无效", bad)
	}

	f.env.Clock.Advance(400 * 24 * time.Hour) // past the year's validity
	res = guest.get(path)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body, "该会员卡当前无效（已过期）")
}

// TestMemberCardReissueAndStatus: re-issuing revokes the old link (the new one
// verifies); a suspension and a withdrawal make the link say 已暂停 / 已退会.
func TestMemberCardReissueAndStatus(t *testing.T) {
	t.Parallel()
	f := setup(t)
	p, mb, old := cardOf(t, f, "individual", "重签个人", "card-two@example.com")
	res := mb.postForm("/member/card/reissue", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page := mb.get(res.location())
	assert.Contains(t, page.Body, "已重新签发")
	fresh := verifyPathOf.FindStringSubmatch(page.Body)[1]
	assert.NotEqual(t, old, fresh)
	guest := f.browser(t)
	assert.Contains(t, guest.get(old).Body, "该会员证无效")
	assert.Contains(t, guest.get(fresh).Body, "该会员卡有效")

	ctx := context.Background()
	sec := f.env.Staff(t, access.RoleSecretariat)
	require.NoError(t, f.env.App.Commands.SuspendMember.Handle(ctx, command.MemberStatusChange{Principal: sec,
		MemberID: p.ID, Reason: "欠费核查"}))
	assert.Contains(t, guest.get(fresh).Body, "该会员卡当前无效（已暂停）")
	require.NoError(t, f.env.App.Commands.WithdrawMember.Handle(ctx, command.WithdrawMember{
		MemberStatusChange: command.MemberStatusChange{Principal: sec, MemberID: p.ID, Reason: "本人申请"}}))
	assert.Contains(t, guest.get(fresh).Body, "该会员卡当前无效（已退会）")
}

// TestMemberCertificate: an enterprise gets 会员证书 (menu entry and home
// link), verified as a certificate; another member's card is never shown
// (the page is the principal's own), and staff and guests have none.
func TestMemberCertificate(t *testing.T) {
	t.Parallel()
	f := setup(t)
	_, eb, path := cardOf(t, f, "enterprise", "证书测试有限公司", "cert@example.com")
	page := eb.get("/member/card")
	for _, s := range []string{"<h1 id=\"page-title\" class=\"card__title\">会员证书</h1>", "证书测试有限公司",
		">会员证书</a>"} {
		assert.Contains(t, page.Body, s)
	}
	assert.NotContains(t, page.Body, "VIP 我的会员卡")
	assert.Contains(t, eb.get("/member").Body, `member-head__card" href="/member/card">会员证书</a>`)
	assert.Contains(t, f.browser(t).get(path).Body, "该会员证书有效")

	_, ib, _ := cardOf(t, f, "individual", "另一个人", "card-three@example.com")
	assert.NotContains(t, ib.get("/member/card").Body, "证书测试有限公司")
	assert.Equal(t, http.StatusSeeOther, f.browser(t).get("/member/card").Status, "a guest logs in first")
}

// TestMemberCardDownloads: the PNG is an image, the PDFs carry the name,
// number and association (pdftotext); an unknown format is refused.
func TestMemberCardDownloads(t *testing.T) {
	t.Parallel()
	f := setup(t)
	_, mb, _ := cardOf(t, f, "individual", "下载个人", "card-dl@example.com")
	png := mb.get("/member/card/download?format=png")
	require.Equal(t, http.StatusOK, png.Status, png.Body)
	assert.Equal(t, "image/png", png.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(png.Body, "\x89PNG"))
	for _, format := range []string{"pdf", "a4"} {
		res := mb.get("/member/card/download?format=" + format)
		require.Equal(t, http.StatusOK, res.Status, res.Body)
		assert.Contains(t, res.Header.Get("Content-Disposition"), "attachment")
		text := pdfText(t, []byte(res.Body))
		for _, s := range []string{"下载个人", "中国质量协会", "GR"} {
			assert.Contains(t, text, s, format)
		}
	}
	assert.Equal(t, http.StatusUnprocessableEntity, mb.get("/member/card/download?format=gif").Status)
}

// pdfText is pdftotext of the PDF, without spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing (Debian package poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	require.NoError(t, err)
	return string(bytes.Join(bytes.Fields(out), nil))
}

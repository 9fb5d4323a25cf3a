package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
)

// raiseToCouncil makes the member a 理事 through the core, as the secretariat.
func raiseToCouncil(t *testing.T, f *feeFixture, memberID string) {
	t.Helper()
	sid := f.env.CreateStaff(t, "sec-"+memberID[len(memberID)-6:], "secretariat", "staff12345")
	require.NoError(t, f.env.App.Commands.ChangeMemberLevel.Handle(context.Background(), command.ChangeMemberLevel{
		Principal: access.Principal{Kind: access.PrincipalStaff, ID: sid, Role: access.RoleSecretariat},
		MemberID:  memberID, Level: "理事", DocNo: "质协〔2024〕8号", Reason: "理事会决议"}))
}

func recommendForm(action string) url.Values {
	return url.Values{"name": {"张伟"}, "gender": {"男"}, "birth": {"1968-05"}, "ethnicity": {"汉族"},
		"politics": {"中共党员"}, "education": {"研究生/硕士"}, "title": {"高级工程师"}, "unit": {"星河科技有限公司"},
		"position": {"总经理"}, "phone": {"010-68412345"}, "email": {"zw@example.com"}, "honours": {"全国质量奖"},
		"opinion": {"同意推荐张伟同志为副会长候选人"}, "row_period": {"2010.09—至今", ""},
		"row_detail": {"星河科技有限公司 总经理", ""}, "action": {action}}
}

// 完善理事资料 through the pages: an ordinary member is refused with a clear
// 403 page and has no menu entry; once a 理事, the home shows the 小提示, a
// submission with bad fields is told on each field and stores nothing, a good
// one completes the card, its PDF carries the text, another member's form id
// is 404; the 联系人信息 is checked; the reviewer returns it with a reason the
// member then sees.
func TestMemberCouncil(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, b := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	denied := b.get("/member/council")
	assert.Equal(t, http.StatusForbidden, denied.Status)
	assert.Contains(t, denied.Body, "完善理事资料仅适用于理事及以上单位会员")
	assert.Equal(t, http.StatusForbidden, b.get("/member/council/forms/recommend").Status)
	home := b.get("/member").Body
	assert.NotContains(t, home, `href="/member/council"`)
	assert.NotContains(t, home, "有需要完善的资料")

	raiseToCouncil(t, f, p.ID)
	home = b.get("/member").Body
	assert.Contains(t, home, `href="/member/council"`, "the menu entry")
	assert.Contains(t, home, "有需要完善的资料")
	assert.Contains(t, home, `href="/member/council/forms/appointment"`)
	page := b.get("/member/council")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Equal(t, 2, strings.Count(page.Body, "待完善"))
	assert.Contains(t, page.Body, "完善理事资料中的需要填写的联系人，为邮件推送的联系人。")

	bad := recommendForm("submit")
	bad.Set("name", "")
	bad.Set("birth", "1968年5月")
	bad.Set("row_period", "")
	bad.Set("row_detail", "")
	res := b.postForm("/member/council/forms/recommend", bad)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "请填写姓名", fieldErrorOf(res.Body, "f-name"))
	assert.Contains(t, fieldErrorOf(res.Body, "f-birth"), "如 1968-05")
	assert.Contains(t, res.Body, "请至少填写一行工作经历")
	assert.Equal(t, 2, strings.Count(b.get("/member/council").Body, "待完善"), "nothing stored")

	require.Equal(t, http.StatusSeeOther, b.postForm("/member/council/forms/recommend", recommendForm("submit")).Status)
	page = b.get("/member/council")
	assert.Contains(t, page.Body, "已完善")
	assert.Contains(t, page.Body, "可点击查看浏览填写的理事登记表")
	id := regexp.MustCompile(`/member/council/view/([0-9a-zA-Z_-]+)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, id)
	view := b.get("/member/council/view/" + id[1])
	require.Equal(t, http.StatusOK, view.Status)
	assert.Contains(t, view.Body, "同意推荐张伟同志为副会长候选人")
	edit := b.get("/member/council/forms/recommend")
	assert.Equal(t, http.StatusSeeOther, edit.Status, "a completed form opens read-only")
	pdf := b.get("/member/council/pdf/" + id[1])
	require.Equal(t, http.StatusOK, pdf.Status)
	assert.Equal(t, "application/pdf", pdf.Header.Get("Content-Type"))
	assertPDFText(t, []byte(pdf.Body), "理事会副会长候选人推荐登记表", "星河科技有限公司", "张伟", "全国质量奖",
		"工作经历", "推荐单位（盖章）")

	badContact := b.postForm("/member/council/contact", url.Values{"name": {"李四"}, "title": {"主任"},
		"phone": {"12"}, "email": {"li@"}})
	assert.Equal(t, http.StatusUnprocessableEntity, badContact.Status)
	assert.Equal(t, "请输入有效的邮箱地址", fieldErrorOf(badContact.Body, "f-email"))
	assert.Contains(t, fieldErrorOf(badContact.Body, "f-phone"), "电话号码")
	require.Equal(t, http.StatusSeeOther, b.postForm("/member/council/contact", url.Values{"name": {"李四"},
		"title": {"办公室主任"}, "phone": {"010-68412345"}, "email": {"li@example.com"}}).Status)
	assert.Contains(t, b.get("/member/council").Body, `value="li@example.com"`)

	other, ob := f.approvedMember(t, "enterprise", "另一家理事单位", "other@example.com")
	raiseToCouncil(t, f, other.ID)
	assert.Equal(t, http.StatusNotFound, ob.get("/member/council/view/"+id[1]).Status)
	assert.Equal(t, http.StatusNotFound, ob.get("/member/council/pdf/"+id[1]).Status)

	staff := f.staff(t, "reviewer1", "reviewer")
	queue := staff.get("/admin/council")
	require.Equal(t, http.StatusOK, queue.Status)
	assert.Contains(t, queue.Body, "星河科技有限公司")
	assert.Contains(t, queue.Body, `href="/admin/council"`, "the menu entry")
	noReason := staff.postForm("/admin/council/"+id[1]+"/return", url.Values{"reason": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, noReason.Status)
	assert.Equal(t, "请填写退回原因", fieldErrorOf(noReason.Body, "f-reason"))
	require.Equal(t, http.StatusSeeOther, staff.postForm("/admin/council/"+id[1]+"/return",
		url.Values{"reason": {"请补充主要荣誉的年份"}}).Status)
	page = b.get("/member/council")
	assert.Contains(t, page.Body, "已退回：请补充主要荣誉的年份")
	assert.Equal(t, http.StatusOK, b.get("/member/council/forms/recommend").Status, "editable again")
	finance := f.staff(t, "finance1", "finance")
	assert.Equal(t, http.StatusForbidden, finance.get("/admin/council").Status)
}

// assertPDFText reads a PDF's text back with pdftotext (skipped when poppler
// is not installed) and looks for each of want.
func assertPDFText(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	require.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "a PDF")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: the text is not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "council.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output() // #nosec G204 -- fixed tool, test file
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(out)), "")
	for _, w := range want {
		assert.Contains(t, text, w)
	}
}

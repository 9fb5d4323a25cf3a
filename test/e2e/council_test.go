package e2e_test

import (
	"strings"
	"testing"
)

// TestBrowserCouncil: an admin raises an enterprise to 理事 (调整级别 on the
// member detail); the member's home then shows the 小提示 「有需要完善的资料」
// with 「去完善」 for both forms; the member is told under 推荐意见 that it is
// missing, completes 《理事会副会长候选人推荐登记表》 and 《理事会副会长干部任免表》,
// saves the 联系人信息, views the completed form and downloads its PDF (text
// checked); a reviewer sees both in 理事资料. Screenshots council-… at 1280 px
// and 390 px.
func TestBrowserCouncil(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin-council", "admin", financePass)
	const name = "理事测试科技有限公司"
	p := s.env.ApprovedMember(t, "enterprise", name, "council-e2e@example.com")

	admin := newBrowser(t, s.url)
	admin.staffLogin(t, "admin-council", financePass)
	admin.open(t, "/admin/members/"+p.ID)
	admin.choose(t, "f-level", "理事")
	admin.fill(t, [2]string{"f-doc-no", "质协〔2024〕8号"})
	admin.fillArea(t, "f-level-reason", "第五届理事会第三次会议增补为理事")
	admin.clickAndLoad(t, "调整级别", "#change-level")
	admin.expectText(t, ".alert--success", "会员级别已调整")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	b.expectText(t, "#council-tip", "有需要完善的资料")
	b.expectText(t, "#council-tip", "《理事会副会长干部任免表》")
	b.screenshot(t, "council-0-home-tip.png")
	b.phoneShot(t, "council-0-home-tip-390.png")

	b.clickAndLoad(t, "去完善 推荐登记表", `#council-tip a[href="/member/council/forms/recommend"]`)
	b.fill(t, [2]string{"f-name", "张伟"}, [2]string{"f-birth", "1968-05"}, [2]string{"f-ethnicity", "汉族"},
		[2]string{"f-education", "研究生/硕士"}, [2]string{"f-title", "高级工程师"}, [2]string{"f-position", "总经理"},
		[2]string{"f-phone", "010-68412345"}, [2]string{"f-email", "zhangwei@example.com"},
		[2]string{"row-period-1", "2010.09—至今"}, [2]string{"row-detail-1", name + " 总经理"})
	b.choose(t, "f-gender", "男")
	b.choose(t, "f-politics", "中共党员")
	b.fillArea(t, "f-honours", "全国质量奖")
	b.clickAndLoadStatus(t, "提交 without 推荐意见", "#council-submit", 422)
	if msg := b.fieldError(t, "f-opinion"); msg != "请填写推荐意见" {
		t.Errorf("message under 推荐意见: %q", msg)
	}
	b.screenshot(t, "council-1-form-invalid.png")
	b.phoneShot(t, "council-1-form-invalid-390.png")
	b.fillArea(t, "f-opinion", "同意推荐张伟同志为副会长候选人")
	b.clickAndLoad(t, "提交 推荐登记表", "#council-submit")
	b.expectText(t, ".alert--success", "资料已提交")

	b.clickAndLoad(t, "去完善 任免表", `a[href="/member/council/forms/appointment"]`)
	b.fill(t, [2]string{"f-name", "张伟"}, [2]string{"f-birth", "1968-05"}, [2]string{"f-ethnicity", "汉族"},
		[2]string{"f-native-place", "北京"}, [2]string{"f-work-date", "1990-07"},
		[2]string{"f-education", "研究生/硕士"}, [2]string{"f-school", "清华大学 精密仪器系"},
		[2]string{"f-position", "总经理"}, [2]string{"f-proposed", "副会长"},
		[2]string{"row-period-1", "1990.07—至今"}, [2]string{"row-detail-1", name + " 总经理"})
	b.choose(t, "f-gender", "男")
	b.choose(t, "f-politics", "中共党员")
	b.fillArea(t, "f-reason", "理事会换届，拟任副会长")
	b.clickAndLoad(t, "提交 任免表", "#council-submit")
	if got := b.text(t, "#council-cards"); strings.Count(got, "已完善") != 2 {
		t.Errorf("cards: %q", got)
	}

	b.fill(t, [2]string{"f-name", "李四"}, [2]string{"f-title", "办公室主任"}, [2]string{"f-phone", "010-68412399"},
		[2]string{"f-email", "council-contact@example.com"})
	b.clickAndLoad(t, "提交 联系人信息", "#council-contact-submit")
	b.expectText(t, ".alert--success", "理事会的邮件将发送给该联系人")
	b.screenshot(t, "council-2-complete.png")
	b.phoneShot(t, "council-2-complete-390.png")
	b.open(t, "/member")
	if got := b.text(t, "main"); strings.Contains(got, "有需要完善的资料") {
		t.Errorf("the 小提示 stays after both forms are complete")
	}

	b.open(t, "/member/council")
	b.clickAndLoad(t, "查看 推荐登记表", `#council-done a`)
	b.expectText(t, ".council-sheet", "张伟")
	b.screenshot(t, "council-3-view.png")
	b.phoneShot(t, "council-3-view-390.png")
	res, pdf := b.fetch(t, urlPath(b.jsAttr(t, "#council-pdf", "href")))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkPDFText(t, pdf, "理事会副会长候选人推荐登记表", name, "张伟", "同意推荐张伟同志为副会长候选人", "全国质量奖",
		"推荐单位（盖章）")

	rev := b.secondWindow(t)
	s.env.CreateStaff(t, "reviewer-council", "reviewer", financePass)
	rev.staffLogin(t, "reviewer-council", financePass)
	rev.clickAndLoad(t, "理事资料", `.sidemenu a[href="/admin/council"]`)
	if got := rev.text(t, "#council-queue"); strings.Count(got, "\t待确认\t") != 2 {
		t.Errorf("理事资料 queue: %q", got)
	}
	rev.screenshot(t, "council-4-queue.png")
	rev.phoneShot(t, "council-4-queue-390.png")
	for _, w := range []*browser{admin, b, rev} {
		if errs := w.uncaught(); len(errs) > 0 {
			t.Errorf("uncaught page errors: %v", errs)
		}
	}
}

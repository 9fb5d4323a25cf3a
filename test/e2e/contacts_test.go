package e2e_test

import (
	"strings"
	"testing"
)

// TestBrowserContacts: an enterprise opens 联系人管理 (the application's first
// contact listed, the manual's hint above), is told under 手机 that a mobile is
// wrong, adds a new 第一联系人 and a 部门负责人; the home page shows the new
// 会员联系人 with its 联系电话; a reviewer sees both on the member detail.
// Screenshots c0-… to c4-….
func TestBrowserContacts(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "reviewer-c", "reviewer", financePass)
	const name = "联系人测试公司"
	p := s.env.ApprovedMember(t, "enterprise", name, "contacts-e2e@example.com")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if p := b.clickAndLoad(t, "联系人管理", `.sidemenu a[href="/member/contacts"]`); p != "/member/contacts" {
		t.Fatalf("联系人管理 led to %s", p)
	}
	b.expectText(t, "#contacts-hint", "请企业尽量添加企业的有效联系方式")
	b.expectText(t, "#contacts", "第一联系人")
	b.screenshot(t, "c0-contacts.png")

	b.clickAndLoad(t, "+添加联系人", "#contact-add")
	b.choose(t, "f-role", "first")
	b.fill(t, [2]string{"f-dept", "总经办"}, [2]string{"f-name", "王芳"}, [2]string{"f-title", "主任"},
		[2]string{"f-mobile", "1390000111"}, [2]string{"f-email", "wangfang@example.com"})
	b.clickAndLoadStatus(t, "保存 (wrong mobile)", "#contact-save", 422)
	if msg := b.fieldError(t, "f-mobile"); !strings.Contains(msg, "11位手机号码") {
		t.Errorf("message next to 手机: %q", msg)
	}
	b.screenshot(t, "c1-contact-invalid.png")
	b.fill(t, [2]string{"f-mobile", "13900001111"}, [2]string{"f-phone", "010-68412399"})
	b.clickAndLoad(t, "保存", "#contact-save")
	b.expectText(t, ".alert--success", "联系人已保存")

	b.clickAndLoad(t, "+添加联系人", "#contact-add")
	b.choose(t, "f-role", "dept_head")
	b.fill(t, [2]string{"f-dept", "质量安全部"}, [2]string{"f-name", "赵强"}, [2]string{"f-title", "部长"},
		[2]string{"f-phone", "010-68412346"})
	b.clickAndLoad(t, "保存 (部门负责人)", "#contact-save")
	b.expectText(t, "#contacts tbody tr:first-child", "王芳")
	b.expectText(t, "#contacts", "部门负责人")
	b.screenshot(t, "c2-contacts-added.png")
	b.phoneShot(t, "c2-contacts-added-390.png")

	b.open(t, "/member")
	b.expectText(t, "#home-contact", "王芳")
	b.expectText(t, "#home-contact-phone", "010-68412399")
	b.screenshot(t, "c3-home-contact.png")

	staff := b.secondWindow(t)
	staff.staffLogin(t, "reviewer-c", financePass)
	staff.open(t, "/admin/members/"+p.ID)
	staff.expectText(t, "#member-contacts", "王芳")
	staff.expectText(t, "#member-contacts", "赵强")
	staff.screenshot(t, "c4-staff-contacts.png")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
}

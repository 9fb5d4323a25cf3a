package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
)

// TestBrowserBackOfficeOnAPhone: an admin opens 统计报表 (charts beside their
// tables, the headline figures) and the home's figures at 1280 px, then every
// back-office page at 390 px: none is wider than the phone (wide tables
// scroll inside their card, the charts shrink with it).
func TestBrowserBackOfficeOnAPhone(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	ctx := context.Background()
	active := s.env.ActiveMember(t, "enterprise", "中国质量协会", "phone-a@example.com")
	s.env.ActiveMember(t, "individual", "张三", "phone-b@example.com")
	claimant := s.env.ApprovedMember(t, "enterprise", "上海精工机械有限公司", "phone-c@example.com")
	pid, err := s.env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: claimant})
	if err != nil {
		t.Fatal(err)
	}
	submitted := s.env.RegisterMember(t, "enterprise", "北京华信科技有限公司", "phone-d@example.com", "abc12345")
	s.env.SubmitApplication(t, s.env.MemberPrincipal(t, submitted))
	st, err := s.env.App.Commands.ImportStatement.Handle(ctx, command.ImportStatement{
		Principal: s.env.Staff(t, access.RoleFinance), FileName: "十二月.csv",
		Content: strings.NewReader("交易日期,贷方金额,对方户名,摘要,流水号\n2026-12-03,5000.00,上海精工机械有限公司,会费,P0001\n" +
			"2026-12-04,1234.00,不认识的公司,货款,P0002\n")})
	if err != nil {
		t.Fatal(err)
	}
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "staff12345")

	b.expectText(t, "#figures-title", "主要指标")
	b.screenshot(t, "backoffice_home.png")
	b.open(t, "/admin/reports")
	b.expectText(t, "#by-kind .table--report tbody", "单位会员")
	if n := run(t, b, "charts", chromedp.Evaluate[int](`document.querySelectorAll('svg.chart[role="img"]').length`)); n < 9 {
		t.Errorf("统计报表 shows %d charts", n)
	}
	b.screenshot(t, "reports_desktop.png")

	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	for _, p := range []struct{ path, shot string }{
		{"/admin", "phone_home.png"},
		{"/admin/members", "phone_members.png"},
		{"/admin/members/" + active.ID, "phone_member.png"},
		{"/admin/applications", "phone_applications.png"},
		{"/admin/applications/" + submitted, "phone_application.png"},
		{"/admin/payments", "phone_payments.png"},
		{"/admin/payments?status=open", "phone_payments_open.png"},
		{"/admin/payments/" + pid, "phone_payment.png"},
		{"/admin/statements", "phone_statements.png"},
		{"/admin/statements/" + st.StatementID, "phone_statement.png"},
		{"/admin/memberships", "phone_memberships.png"},
		{"/admin/settings/fees", "phone_fee_settings.png"},
		{"/admin/mail/failed", "phone_mail_failed.png"},
		{"/admin/reports", "phone_reports.png"},
		{"/admin/password", "phone_password.png"},
	} {
		b.open(t, p.path)
		if w := run(t, b, "width of "+p.path, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("on a 390 px phone %s is %d px wide: it scrolls sideways", p.path, w)
		}
		b.screenshot(t, p.shot)
	}
	// The charts shrink with their card.
	b.open(t, "/admin/reports")
	if n := run(t, b, "phone charts", chromedp.Evaluate[int](`document.querySelectorAll('svg.chart').length`)); n < 9 {
		t.Errorf("统计报表 on a phone shows %d charts", n)
	}
	wide := run(t, b, "chart widths", chromedp.Evaluate[int](
		`Math.max(0, ...[...document.querySelectorAll('svg.chart')].map(s => Math.ceil(s.getBoundingClientRect().right)))`))
	if wide > 390 {
		t.Errorf("a chart reaches %d px on a 390 px phone", wide)
	}
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

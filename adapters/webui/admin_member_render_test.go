package webui

import (
	"html/template"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// detailTemplates returns the member detail's page template and a clone whose
// content is the template the Go parts replaced (testdata).
func detailTemplates(t *testing.T, loc *time.Location) (current, old *template.Template) {
	t.Helper()
	as, err := loadAssets()
	require.NoError(t, err)
	ts, err := parsePages(as, loc)
	require.NoError(t, err)
	current = ts["admin_member.html"]
	require.NotNil(t, current)
	old, err = current.Clone()
	require.NoError(t, err)
	// The old page's functions, whose parts are now written in Go.
	old.Funcs(template.FuncMap{"formSections": formSections,
		"timeline": func(tl []query.TimelineEntry) template.HTML { return timelineItems(tl, loc) }})
	text, err := os.ReadFile("testdata/admin_member_content.tmpl")
	require.NoError(t, err)
	_, err = old.Parse(string(text))
	require.NoError(t, err)
	return current, old
}

// detailContent renders the page's content with tpl.
func detailContent(t *testing.T, tpl *template.Template, p *page) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, tpl.ExecuteTemplate(&b, "content", p))
	return b.String()
}

// richDetail is a member with something in every card, and text html/template
// escapes everywhere.
func richDetail(at time.Time) memberDetailView {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	d := query.MemberDetailView{HasForm: true,
		Account: query.MemberAccount{ID: "m-1_x", Number: "19141263", Name: "中国<质量>协会 & " + tricky,
			Email: "a+b@example.com", EmailVerifiedAt: at, Kind: member.Enterprise, KindLabel: "单位会员",
			Level: "理事单位", StatusLabel: "正常", FeeLabel: "已缴费", PaymentRef: "PR'1", RejectReason: tricky,
			ApprovalDocNo: "质协〔2024〕1号", MustChangePassword: true, JoinedAt: at, ValidFrom: day,
			ValidUntil: day.AddDate(1, 0, -1), RegisteredAt: at.Add(-time.Hour), UpdatedAt: at.Add(time.Hour)},
		Application: query.ApplicationView{NeedsScan: true, ConfirmedStamped: true, SavedAt: at, SubmittedAt: at,
			Scan: &query.ScanInfo{FileName: "盖章 <扫描>.pdf", UploadedAt: at}},
		Document: ports.FormDocument{Sections: []ports.FormSection{{Title: "企业信息",
			Rows: []ports.FormRow{{Label: "单位名称", Value: tricky}, {Label: "邮编"}}}}},
		Notifications: query.NotificationList{Total: 3, Items: []query.NotificationItem{{Text: tricky, CreatedAt: at}}},
		Timeline:      []query.TimelineEntry{{At: at, Text: "注册账号", Actor: "会员本人"}, {At: at, Text: tricky}}}
	paid := paymentRow{PaymentItem: query.PaymentItem{PurposeLabel: "会费", MethodLabel: "支付宝", StatusLabel: "已确认",
		AmountText: "¥5000", Sandbox: true, HasVoucher: true, VoucherName: "凭证<1>.jpg", RefundLabel: "待退款",
		Reason: tricky}, Created: "2026-03-01 08:00", PaidOn: "2026-03-02", PaidText: "¥5,000.00",
		Href: "/admin/payments/p 1?x=质量&y=<'\">", Voucher: "/admin/payments/p1/voucher"}
	open := paymentRow{PaymentItem: query.PaymentItem{PurposeLabel: "续费", MethodLabel: "转账", StatusLabel: "待确认",
		HasVoucher: true, VoucherName: "v.png"}, Created: "2026-04-01 09:00"}
	return memberDetailView{Detail: d, BackURL: "/admin/members?q=质量&page=2#a b", ScanURL: "/admin/applications/m-1/scan",
		PDFURL: "javascript:alert(1)", Payments: []paymentRow{paid, open},
		Money: moneySummary{BalanceFen: 12345, RefundFen: 500}, ShowInvoices: true, ShowContacts: true,
		Invoices: []invoiceRow{{Href: "/admin/invoices/i1", Created: "2026-03-03 10:00", Title: tricky, Amount: "¥1.00",
			StateLabel: "已开票", Number: "No<1>"}, {Href: "/admin/invoices/i2", Title: "借", Advance: true,
			AdvanceLabel: "未回款", Overdue: true, StateLabel: "待开票"}},
		Contacts: []contactRow{{Dept: "办公室", RoleLabel: "第一联系人", Name: tricky, First: true, Phone: "010",
			Email: "c@x", Mobile: "138"}, {RoleLabel: "其他联系人", Name: "李四"}},
		Portal: memberPortalView{Card: &query.StaffCardView{Issued: true, Certificate: true, StatusLabel: "有效",
			Version: 3, VerifyPath: "/card/verify/abc.DEF_-~"},
			Council: []memberPortalLink{{Title: "理事<推荐>表", StatusLabel: "已退回", Date: at, Reason: tricky,
				Href: "/admin/council/c1"}, {Title: "任职表", StatusLabel: "填写中", Href: "/admin/council/c2"}},
			Submissions: []memberPortalLink{{Title: tricky, StatusLabel: "已发布", Date: at,
				Href: "/admin/submissions/s1"}, {Title: "投稿", StatusLabel: "已退回", Date: at, Reason: "太短",
				Href: "/admin/submissions/s2"}}, SubmissionsTotal: 7}}
}

func TestMemberDetailContentAsTemplate(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	at := time.Date(2026, 12, 7, 13, 1, 23, 0, time.UTC)
	rich := richDetail(at)
	// A voucher the staff member may open: the old template failed on it
	// ({{.VoucherName}} inside {{with .Voucher}}), so it is compared without.
	richOld := rich
	richOld.Payments = append([]paymentRow(nil), rich.Payments...)
	richOld.Payments[0].Voucher = ""
	sparse := memberDetailView{BackURL: adminMembersPath, Detail: query.MemberDetailView{
		Account: query.MemberAccount{ID: "m2", Name: "张三", KindLabel: "个人会员", StatusLabel: "已注册",
			RegisteredAt: at, UpdatedAt: at}}}
	half := sparse
	half.ShowInvoices, half.ShowContacts = true, true
	half.Detail.HasForm = true
	half.Detail.Application = query.ApplicationView{NeedsScan: true, SavedAt: at}
	half.Payments = []paymentRow{{PaymentItem: query.PaymentItem{StatusLabel: "已退回"}, Created: "x"}}
	half.Money.RefundFen = 1
	halfScan := half
	halfScan.Detail.Application.Scan = &query.ScanInfo{FileName: "s.pdf", UploadedAt: at}
	halfScan.Money = moneySummary{}
	halfScan.Payments = nil
	halfScan.Money.RefundFen = 100
	halfScan.Portal.Submissions = []memberPortalLink{{Title: "t", Href: "/s"}}
	halfScan.Portal.SubmissionsTotal = 1
	rich.Staff = richStaff()
	richOld.Staff = rich.Staff
	half.Staff = memberStaffView{ReinstateURL: "/admin/members/m2/reinstate"}
	halfScan.Staff = memberStaffView{EditURL: "/admin/members/m2/edit"}
	for _, loc := range []*time.Location{time.UTC, shanghai} {
		current, old := detailTemplates(t, loc)
		for name, v := range map[string]memberDetailView{"rich": richOld, "sparse": sparse, "half": half,
			"half-scan": halfScan} {
			for _, f := range []*form{nil, newForm(), failedStaffForm()} {
				for _, help := range helpCases(at) {
					v.Help = help
					compareDetail(t, current, old, v, &page{Form: f, Notice: "已保存", CSRF: "tok<'>"}, loc, name)
				}
			}
		}
	}
	got := string(memberDetailBody(&rich, nil, "tok", time.UTC)) + string(memberDetailHead(&rich, time.UTC))
	assert.NotContains(t, got, "<script>")
	assert.Contains(t, got, `<a href="/admin/payments/p1/voucher" target="_blank" rel="noopener">凭证&lt;1&gt;.jpg</a>`)
	assert.Contains(t, got, `<a href="#ZgotmplZ" download>下载</a>`)
	assert.Contains(t, got, `<a href="/admin/members?q=%e8%b4%a8%e9%87%8f&amp;page=2#a%20b">`)
	assert.Contains(t, got, `<a href="/admin/payments/p%201?x=%e8%b4%a8%e9%87%8f&amp;y=%3c%27%22%3e">`)
}

// compareDetail renders v on p with the current and the old template and
// compares.
func compareDetail(t *testing.T, current, old *template.Template, v memberDetailView, p *page, loc *time.Location,
	name string) {
	t.Helper()
	bare := v // the old template reads the fields, not the parts
	p.Data = bare
	want := detailContent(t, old, p)
	require.Contains(t, want, "入会申请表")
	if v.Staff.Any() {
		require.Contains(t, want, "资料与会籍管理")
	}
	if v.Help != nil {
		require.Contains(t, want, "账号协助")
	}
	v.Head, v.Body = memberDetailHead(&v, loc), memberDetailBody(&v, p.Form, p.CSRF, loc)
	p.Data = v
	assert.Equal(t, want, detailContent(t, current, p), "%s in %s (help %v, form %v)", name, loc, v.Help != nil,
		p.Form != nil)
}

// richStaff offers every staff change.
func richStaff() memberStaffView {
	return memberStaffView{EditURL: "/admin/members/m-1/edit", LevelURL: "/admin/members/m-1/level",
		Levels:     []application.Option{{Code: "member", Label: "会员单位"}, {Code: "council", Label: "理事<单位>"}},
		SuspendURL: "/admin/members/m-1/suspend", ReinstateURL: "/admin/members/m-1/reinstate",
		WithdrawURL: "/admin/members/m-1/withdraw", StatusReason: tricky}
}

// failedStaffForm is a refused staff form: values kept, messages on fields.
func failedStaffForm() *form {
	f := newForm()
	f.set("level", "council")
	f.set("doc_no", tricky)
	f.set("withdraw_reason", "</textarea><script>")
	f.errors["level_reason"] = "请填写调整原因"
	f.errors["doc_no"] = "文号<太长>"
	f.Message = "请修改标出的项目"
	return f
}

// helpCases are 账号协助 cards in each state (nil: not shown).
func helpCases(at time.Time) []*memberHelpView {
	emailForm := newForm()
	emailForm.set("email", "x@<y>")
	emailForm.errors["email"] = "请输入有效的电子邮箱"
	return []*memberHelpView{nil,
		{Path: "/admin/members/m2/help", CSRF: "tok", Form: newForm(), Notice: "已发送",
			State: query.MemberAccountHelpView{Email: "a@b", EmailVerified: true}},
		{Path: "/admin/members/m 2/help", CSRF: "t&k", Form: emailForm, Error: tricky,
			State: query.MemberAccountHelpView{Email: tricky, FailedLogins: 5, Locked: true, LockedUntil: at}},
		{Path: "/admin/members/m2/help", CSRF: "tok", Form: newForm(),
			State: query.MemberAccountHelpView{Email: "a@b", FailedLogins: 2}},
	}
}

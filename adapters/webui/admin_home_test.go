package webui_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
)

var queueCardRE = regexp.MustCompile(`<h2 class="work-queue__title">([^<]+)</h2>\s*` +
	`<p class="work-queue__count"><strong>(\d+)</strong> <span>[^<]+</span></p>\s*<a class="btn[^"]*" href="([^"]+)"`)

// homeQueues returns the work queues of 后台首页 as "title count href".
func homeQueues(body string) []string {
	var out []string
	for _, m := range queueCardRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+" "+m[2]+" "+strings.ReplaceAll(m[3], "&amp;", "&"))
	}
	return out
}

// badge is a menu entry that should carry a count badge.
type badge struct {
	href, label string
	n           int
}

// shown reports whether the page's menu has the entry with its badge (the entry
// of the page itself is marked active).
func (b badge) shown(body string) bool {
	return regexp.MustCompile(`<a href="` + regexp.QuoteMeta(b.href) + `"[^>]*>` + b.label +
		`<span class="badge badge--count sidemenu__badge">` + strconv.Itoa(b.n) +
		`<span class="visually-hidden">项待处理</span></span></a>`).MatchString(body)
}

// TestAdminHomeShowsTheWorkQueuesOfTheRole checks 后台首页: each role sees the
// queues it works on — reviewers 入会审核, finance 缴费确认 and 银行对账, the
// secretariat 秘书处审批, the admin all four — with what waits in each and a link
// to it; the menu entries carry the same counts as badges on every back-office
// page, and a queue's badge goes once its work is done.
func TestAdminHomeShowsTheWorkQueuesOfTheRole(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	ctx := context.Background()
	for _, m := range [][2]string{{"待审甲公司", "queue-a@example.com"}, {"待审乙公司", "queue-b@example.com"}} {
		id := f.registerMember(t, "enterprise", m[0], m[1])
		f.env.SubmitApplication(t, f.env.MemberPrincipal(t, id))
	}
	f.registerMember(t, "enterprise", "未提交公司", "queue-draft@example.com")
	claimant := f.env.ApprovedMember(t, "enterprise", "待确认公司", "queue-claim@example.com")
	_, err := f.env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: claimant})
	require.NoError(t, err)
	paid := f.env.ApprovedMember(t, "enterprise", "待审批公司", "queue-paid@example.com")
	f.env.PayByTransfer(t, paid, "QUEUE0001")
	_, err = f.env.App.Commands.ImportStatement.Handle(ctx, command.ImportStatement{
		Principal: f.env.Staff(t, access.RoleFinance), FileName: "一月.csv",
		Content: strings.NewReader("交易日期,贷方金额,对方户名,摘要,流水号\n2024-01-03,1234.00,不认识的公司,货款,Q0002\n")})
	require.NoError(t, err)

	review := "入会审核 2 /admin/applications?status=submitted"
	payments := "缴费确认 1 /admin/payments?status=open"
	statements := "银行对账 1 /admin/statements"
	secretariat := "秘书处审批 1 /admin/memberships"
	mail := "邮件发送失败 0 /admin/mail/failed" // the admin watches undelivered email
	invoices := "发票管理 0 /admin/invoices?tab=pending"
	overdue := "借票逾期未回款 0 /admin/invoices?tab=overdue"
	council := "理事资料 0 /admin/council?status=submitted"          // 完善理事资料's queue (reviewers, admin)
	infoChanges := "信息变更审核 0 /admin/info-changes?status=pending" // 信息变更's queue (reviewers, admin)
	refunds, partial := "退款待办 0 /admin/refunds?state=due", "部分到账 0 /admin/payments?status=partial"
	submissions := "投稿审核 0 /admin/submissions?status=pending" // 企业投稿's queue (editors, admin)
	reviewBadge := badge{"/admin/applications", "入会审核", 2}
	paymentsBadge := badge{"/admin/payments", "缴费确认", 1}
	statementsBadge := badge{"/admin/statements", "银行对账", 1}
	secretariatBadge := badge{"/admin/memberships", "秘书处审批", 1}
	for _, tc := range []struct {
		role   string
		queues []string
		badges []badge
		absent []string
	}{
		{"reviewer", []string{review, infoChanges, council}, []badge{reviewBadge}, []string{"缴费确认", "银行对账", "秘书处审批", "邮件发送失败"}},
		{"finance", []string{payments, statements, invoices, overdue, refunds, partial}, []badge{paymentsBadge, statementsBadge},
			[]string{"入会审核", "秘书处审批", "邮件发送失败"}},
		{"secretariat", []string{secretariat}, []badge{secretariatBadge},
			[]string{"入会审核", "缴费确认", "银行对账", "邮件发送失败"}},
		{"admin", []string{review, payments, statements, secretariat, mail, infoChanges, council, submissions, invoices,
			overdue, refunds, partial},
			[]badge{reviewBadge, paymentsBadge, statementsBadge, secretariatBadge}, nil},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := f.staff(t, "home-"+tc.role, tc.role)
			home := b.get("/admin")
			require.Equal(t, http.StatusOK, home.Status)
			assert.Contains(t, home.Body, `<h2 id="queues-title" class="card__title">待办工作</h2>`)
			assert.Equal(t, tc.queues, homeQueues(home.Body))
			for _, bd := range tc.badges {
				assert.True(t, bd.shown(home.Body), "the menu shows %+v", bd)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, home.Body, s, "not this role's queue")
			}
			assert.Contains(t, home.Body, "账号信息", "the account card stays")
			for _, q := range tc.queues {
				href := q[strings.LastIndex(q, " ")+1:]
				page := b.get(href)
				assert.Equal(t, http.StatusOK, page.Status, "the queue %s opens", href)
				for _, bd := range tc.badges {
					assert.True(t, bd.shown(page.Body), "the badge %+v is on %s too", bd, href)
				}
			}
		})
	}

	// Once finance confirmed the claim, its queue is empty and its badge gone.
	fin := f.staff(t, "home-finance2", "finance")
	pid := f.openClaim(t, claimant)
	require.NoError(t, f.env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{
		Principal: f.env.Staff(t, access.RoleFinance), PaymentID: pid, AmountFen: 500000,
		PaidOn: f.env.App.Clock.Now(), BankRef: "QUEUE0002"}))
	home := fin.get("/admin")
	assert.Contains(t, homeQueues(home.Body), "缴费确认 0 /admin/payments?status=open")
	assert.Contains(t, home.Body, `<a href="/admin/payments">缴费确认</a>`, "no badge for an empty queue")
	assert.True(t, statementsBadge.shown(home.Body))
}

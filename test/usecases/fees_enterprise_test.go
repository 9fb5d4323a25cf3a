package usecases_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
)

// newFeeEnv builds a module at a fixed time with the renewal scheduler off (the
// tests run sweeps themselves) that opted into the embedded Alipay sandbox (the
// fee tests pay online).
func newFeeEnv(t *testing.T, at time.Time, opts ...membershiptest.Option) (*membershiptest.Env, *membershiptest.Clock) {
	t.Helper()
	clock := &membershiptest.Clock{}
	clock.Set(at)
	opts = append([]membershiptest.Option{membershiptest.WithClock(clock), membershiptest.WithAlipaySandbox(),
		membershiptest.WithConfig(func(c *membership.Config) { c.Renewal.SweepEvery = -1 })}, opts...)
	return membershiptest.New(t, opts...), clock
}

func feePage(t *testing.T, env *membershiptest.Env, p access.Principal) query.FeePageView {
	t.Helper()
	v, err := env.App.Queries.FeePage.Handle(ctx, query.FeePage{Principal: p})
	require.NoError(t, err)
	return v
}

func memberStatus(t *testing.T, env *membershiptest.Env, id string) member.Status {
	t.Helper()
	m, err := env.Module.Ports().Members.Get(ctx, id)
	require.NoError(t, err)
	return m.Status()
}

// waitNotificationText waits until the member has a notification with the text.
func waitNotificationText(t *testing.T, env *membershiptest.Env, p access.Principal, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		list, err := env.App.Queries.MemberNotifications.Handle(ctx, query.MemberNotifications{Principal: p, Limit: 100})
		require.NoError(t, err)
		for _, n := range list.Items {
			if n.Text == text {
				return
			}
		}
		if time.Now().After(deadline) {
			var texts []string
			for _, n := range list.Items {
				texts = append(texts, n.Text)
			}
			t.Fatalf("no notification %q; have %q", text, texts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countNotifications counts the member's notifications with the text.
func countNotifications(t *testing.T, env *membershiptest.Env, p access.Principal, text string) int {
	t.Helper()
	list, err := env.App.Queries.MemberNotifications.Handle(ctx, query.MemberNotifications{Principal: p, Limit: 100})
	require.NoError(t, err)
	n := 0
	for _, it := range list.Items {
		if it.Text == text {
			n++
		}
	}
	return n
}

// TestEnterpriseFeeFlow is the manual's enterprise path: 申请查看缴费状态 → finance
// confirms (a wrong amount refused) → the secretariat's queue → approval with
// the 文号 → one year of validity, shown at once.
func TestEnterpriseFeeFlow(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 20, 10, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "enterprise", "测试号", "ceshi@example.com")
	finance := env.Staff(t, access.RoleFinance)
	secretariat := env.Staff(t, access.RoleSecretariat)

	page := feePage(t, env, p)
	assert.Equal(t, "缴费状态：未缴费-未开发票", page.StatusLine)
	assert.Equal(t, "普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年", page.FeesText)
	assert.Equal(t, int64(500000), page.AmountDueFen)
	assert.Equal(t, payment.DefaultPayee, page.Payee)
	assert.Equal(t, "请注明项目：会费", page.Remark)
	assert.True(t, payment.ValidReference(page.PaymentRef), page.PaymentRef)
	assert.Equal(t, page.PaymentRef, feePage(t, env, p).PaymentRef, "the reference code is stable")
	assert.True(t, page.CanClaim)
	assert.False(t, page.CanPayOnline, "enterprises pay by transfer")
	_, err := env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	requireKindCode(t, err, apperr.KindConflict, "online_payment_individual_only")

	// 申请查看缴费状态
	pid, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(t, err)
	_, err = env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	requireKindCode(t, err, apperr.KindConflict, "claim_open", "one claim at a time")
	page = feePage(t, env, p)
	assert.Equal(t, "缴费状态：缴费确认中-未开发票", page.StatusLine)
	assert.False(t, page.CanClaim)
	require.NotNil(t, page.OpenPayment)
	waitNotificationText(t, env, p, "企业【测试号】的缴费申请已提交，请等待财务确认")

	// Finance's queue shows the claim.
	q, err := env.App.Queries.PaymentQueue.Handle(ctx, query.PaymentQueue{Principal: finance})
	require.NoError(t, err)
	require.Len(t, q.Items, 1)
	assert.Equal(t, pid, q.Items[0].ID)
	assert.Equal(t, "测试号", q.Items[0].MemberName)
	assert.Equal(t, page.PaymentRef, q.Items[0].PaymentRef)
	assert.Equal(t, 1, q.Counts.Open)

	// A wrong amount is refused with a clear message; nothing changes.
	err = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance, PaymentID: pid,
		AmountFen: 50000, PaidOn: clock.Now(), BankRef: "B20190920001"})
	requireInvalid(t, err, map[string]string{"amount": "amount_mismatch"})
	assert.Equal(t, "到账金额少于应缴：应缴¥5000，实际¥500。如确为部分缴费，请勾选「按部分缴费登记」，余额¥4500将继续向会员收取（少收不超过¥50的银行手续费可按足额确认）", apperr.As(err).Message)
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, p.ID))
	// Missing fields and a future date are refused too.
	err = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance, PaymentID: pid,
		PaidOn: clock.Now().AddDate(0, 0, 2)})
	requireInvalid(t, err, map[string]string{"amount": "amount_invalid", "paid_on": "date_future", "bank_ref": "required"})

	require.NoError(t, env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance,
		PaymentID: pid, AmountFen: 500000, PaidOn: clock.Now(), BankRef: "B20190920001"}))
	// Forwarded to the secretariat in the same step.
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	err = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance, PaymentID: pid,
		AmountFen: 500000, PaidOn: clock.Now(), BankRef: "B20190920001"})
	requireKindCode(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)

	page = feePage(t, env, p)
	assert.Equal(t, "缴费状态：已完成缴费;无发票申请记录", page.StatusLine)
	assert.False(t, page.CanClaim)
	waitNotificationText(t, env, p, "系统管理员审批通过企业【测试号】的缴费申请")
	env.Mailbox.WaitFor(t, "ceshi@example.com", "会费缴纳已确认", 10*time.Second)
	dash, err := env.App.Queries.MemberDashboard.Handle(ctx, p)
	require.NoError(t, err)
	assert.True(t, dash.AwaitingSecretariat)
	assert.Equal(t, "--(等待秘书处审批)", dash.ValidityText)
	assert.Equal(t, "正常缴费", dash.PaymentStatus)

	// The secretariat's queue, then the approval on 2019-09-21 (late evening UTC
	// is already the 22nd in Beijing: the day is the association's).
	sq, err := env.App.Queries.SecretariatQueue.Handle(ctx, query.SecretariatQueue{Principal: secretariat})
	require.NoError(t, err)
	require.Len(t, sq.Items, 1)
	require.NotNil(t, sq.Items[0].Payment)
	assert.Equal(t, "B20190920001", sq.Items[0].Payment.BankRef)
	clock.Set(time.Date(2019, 9, 21, 9, 0, 0, 0, cst))
	_, err = env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{p.ID}})
	requireInvalid(t, err, map[string]string{"doc_no": "required"})
	res, err := env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{p.ID}, DocNo: "中质协〔2019〕12号"})
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Equal(t, "2019-09-21", res[0].ValidFrom.Format(time.DateOnly))
	assert.Equal(t, "2020-09-20", res[0].ValidUntil.Format(time.DateOnly))

	dash, err = env.App.Queries.MemberDashboard.Handle(ctx, p)
	require.NoError(t, err)
	assert.False(t, dash.AwaitingSecretariat)
	assert.Equal(t, "2020-09-20", dash.ValidityText, "the home shows the new state at once")
	assert.Equal(t, member.StatusActive, dash.Status)
	waitNotificationText(t, env, p, "企业【测试号】已通过中国质量协会秘书处审批，会员有效期至2020-09-20")
	mail := env.Mailbox.WaitFor(t, "ceshi@example.com", "入会审批通过", 10*time.Second)
	assert.Contains(t, mail.Text, "中质协〔2019〕12号")
	assert.Contains(t, mail.Text, "2019-09-21 至 2020-09-20")

	// Approving again is refused, naming the member; nothing else changes.
	_, err = env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{p.ID}, DocNo: "x"})
	requireKindCode(t, err, apperr.KindConflict, member.ErrTransition)
	assert.Contains(t, apperr.As(err).Message, "会员【测试号】")
}

// TestApproveManyAtOnceIsAllOrNothing approves several members in one step; one
// that is not awaiting approval stops them all.
func TestApproveManyAtOnceIsAllOrNothing(t *testing.T) {
	t.Parallel()
	env, _ := newFeeEnv(t, time.Date(2019, 9, 21, 10, 0, 0, 0, cst))
	secretariat := env.Staff(t, access.RoleSecretariat)
	a := env.ApprovedMember(t, "enterprise", "甲公司", "a@example.com")
	b := env.ApprovedMember(t, "individual", "乙先生", "b@example.com")
	c := env.ApprovedMember(t, "enterprise", "丙公司", "c@example.com")
	env.PayByTransfer(t, a, "R1")
	env.PayByTransfer(t, b, "R2")

	_, err := env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{a.ID, b.ID, c.ID}, DocNo: "中质协〔2019〕13号"})
	requireKindCode(t, err, apperr.KindConflict, member.ErrTransition)
	assert.Contains(t, apperr.As(err).Message, "丙公司")
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, a.ID), "nothing approved")
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, b.ID))

	res, err := env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{a.ID, b.ID, a.ID}, DocNo: "中质协〔2019〕13号"})
	require.NoError(t, err)
	assert.Len(t, res, 2)
	assert.Equal(t, member.StatusActive, memberStatus(t, env, a.ID))
	assert.Equal(t, member.StatusActive, memberStatus(t, env, b.ID))
	waitNotificationText(t, env, b, "个人会员【乙先生】已通过中国质量协会秘书处审批，会员有效期至2020-09-20")
}

// TestConcurrentFinanceConfirmations: finance staff confirming the same claim at
// once — exactly one wins, the others get a clear conflict, one confirmation.
func TestConcurrentFinanceConfirmations(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 20, 10, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "enterprise", "并发公司", "bingfa@example.com")
	pid, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(t, err)
	f1 := env.Staff(t, access.RoleFinance)
	f2 := membershiptest.StaffPrincipal(env.CreateStaff(t, "fin2", "finance", "staff12345"), access.RoleFinance)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			who := f1
			if i%2 == 1 {
				who = f2
			}
			errs[i] = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: who,
				PaymentID: pid, AmountFen: 500000, PaidOn: clock.Now(), BankRef: "CONCURRENT1"})
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		requireKindCode(t, err, apperr.KindConflict, payment.ErrAlreadyHandled)
		assert.Contains(t, apperr.As(err).Message, "已由其他财务人员处理")
	}
	assert.Equal(t, 1, ok, "exactly one confirmation wins")
	waitNotificationText(t, env, p, "系统管理员审批通过企业【并发公司】的缴费申请")
	env.Mailbox.WaitFor(t, "bingfa@example.com", "会费缴纳已确认", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, 1, countNotifications(t, env, p, "系统管理员审批通过企业【并发公司】的缴费申请"))
	assert.Equal(t, 1, mailsWith(t, env, "bingfa@example.com", "会费缴纳已确认"))
}

// TestFeeAuthorization: members never confirm (not even their own payment),
// finance never approves membership, and members see only their own payments.
func TestFeeAuthorization(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 20, 10, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "enterprise", "自己公司", "self@example.com")
	other := env.ApprovedMember(t, "individual", "别人", "other@example.com")
	pid, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(t, err)
	finance := env.Staff(t, access.RoleFinance)
	reviewer := env.Staff(t, access.RoleReviewer)
	secretariat := env.Staff(t, access.RoleSecretariat)
	confirm := func(who access.Principal) error {
		return env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: who, PaymentID: pid,
			AmountFen: 500000, PaidOn: clock.Now(), BankRef: "AUTHZ1"})
	}
	for _, who := range []access.Principal{p, other, reviewer, secretariat} {
		requireKindCode(t, confirm(who), apperr.KindForbidden, "forbidden", who.Role)
		err := env.App.Commands.RejectPayment.Handle(ctx, command.RejectPayment{Principal: who, PaymentID: pid, Reason: "x"})
		requireKindCode(t, err, apperr.KindForbidden, "forbidden", who.Role)
	}
	assert.Equal(t, "您没有权限确认缴费", apperr.As(confirm(p)).Message)
	requireKindCode(t, confirm(access.Guest), apperr.KindUnauthorized, "")
	_, err = env.App.Queries.PaymentQueue.Handle(ctx, query.PaymentQueue{Principal: p})
	requireKindCode(t, err, apperr.KindForbidden, "")
	_, err = env.App.Queries.PaymentDetail.Handle(ctx, query.PaymentDetail{Principal: other, PaymentID: pid})
	requireKindCode(t, err, apperr.KindNotFound, "", "another member's payment does not exist for it")
	own, err := env.App.Queries.PaymentDetail.Handle(ctx, query.PaymentDetail{Principal: p, PaymentID: pid})
	require.NoError(t, err)
	assert.False(t, own.CanConfirm)
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, p.ID), "nothing changed")

	require.NoError(t, confirm(finance))
	for _, who := range []access.Principal{finance, reviewer, p} {
		_, err := env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: who,
			MemberIDs: []string{p.ID}, DocNo: "中质协〔2019〕12号"})
		requireKindCode(t, err, apperr.KindForbidden, "forbidden", who.Role)
		assert.Equal(t, "您没有权限审批入会", apperr.As(err).Message)
	}
	_, err = env.App.Queries.SecretariatQueue.Handle(ctx, query.SecretariatQueue{Principal: finance})
	requireKindCode(t, err, apperr.KindForbidden, "")
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	// Staff cannot pay as a member.
	_, err = env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: finance})
	requireKindCode(t, err, apperr.KindForbidden, "")
	// The admin may do both.
	admin := env.Staff(t, access.RoleAdmin)
	_, err = env.App.Commands.ApproveMemberships.Handle(ctx, command.ApproveMemberships{Principal: admin,
		MemberIDs: []string{p.ID}, DocNo: "中质协〔2019〕12号"})
	require.NoError(t, err)
}

// TestRejectedClaim: finance returns a claim with a reason; the member sees it
// and may claim again.
func TestRejectedClaim(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 20, 10, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "enterprise", "退回公司", "tuihui@example.com")
	finance := env.Staff(t, access.RoleFinance)
	pid, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(t, err)
	err = env.App.Commands.RejectPayment.Handle(ctx, command.RejectPayment{Principal: finance, PaymentID: pid, Reason: " "})
	requireInvalid(t, err, map[string]string{"reason": "required"})
	require.NoError(t, env.App.Commands.RejectPayment.Handle(ctx, command.RejectPayment{Principal: finance,
		PaymentID: pid, Reason: "未查到到账记录"}))
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, p.ID))
	err = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance, PaymentID: pid,
		AmountFen: 500000, PaidOn: clock.Now(), BankRef: "X1"})
	requireKindCode(t, err, apperr.KindConflict, payment.ErrAlreadyHandled, "a rejected claim cannot be confirmed")
	page := feePage(t, env, p)
	assert.Equal(t, "未查到到账记录", page.RejectReason)
	assert.Equal(t, "缴费状态：未缴费-未开发票", page.StatusLine)
	assert.True(t, page.CanClaim)
	waitNotificationText(t, env, p, "企业【退回公司】的缴费申请未通过确认，原因：未查到到账记录")
	env.Mailbox.WaitFor(t, "tuihui@example.com", "缴费申请未通过确认", 10*time.Second)

	pid2, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(t, err)
	assert.NotEqual(t, pid, pid2)
	assert.Empty(t, feePage(t, env, p).RejectReason)
}

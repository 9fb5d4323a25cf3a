package usecases_test

import (
	"bytes"
	"io"
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

func sweep(t *testing.T, env *membershiptest.Env) command.SweepResult {
	t.Helper()
	res, err := env.App.Commands.RenewalSweep.Handle(ctx, "test-instance")
	require.NoError(t, err)
	require.True(t, res.Ran)
	return res
}

func validUntil(t *testing.T, env *membershiptest.Env, id string) string {
	t.Helper()
	m, err := env.Module.Ports().Members.Get(ctx, id)
	require.NoError(t, err)
	return m.ValidUntil().Format(time.DateOnly)
}

// TestRenewalRemindersLapseAndRenewal follows one membership through a year:
// reminders 30 and 7 days before the end (each once, in-portal and by email),
// the grace period, the lapse, and a renewal payment that extends the validity
// by a year from the old end date.
func TestRenewalRemindersLapseAndRenewal(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 21, 9, 0, 0, 0, cst))
	p := env.ActiveMember(t, "enterprise", "续费公司", "xufei@example.com")
	keep := env.ActiveMember(t, "enterprise", "次年公司", "cinian@example.com")
	require.Equal(t, "2020-09-20", validUntil(t, env, p.ID))
	const mailTo, remind = "xufei@example.com", "会员续费提醒"

	clock.Set(time.Date(2020, 8, 20, 9, 0, 0, 0, cst)) // 31 days left
	assert.Equal(t, 0, sweep(t, env).Changed)
	clock.Set(time.Date(2020, 8, 21, 9, 0, 0, 0, cst)) // 30 days left
	assert.Equal(t, 2, sweep(t, env).Changed, "both members reminded")
	assert.Equal(t, member.StatusExpiring, memberStatus(t, env, p.ID))
	waitNotificationText(t, env, p, "企业【续费公司】的会员资格将于2020-09-20到期（还有30天），请及时缴纳会费续期")
	env.Mailbox.WaitFor(t, mailTo, remind, 10*time.Second)
	assert.Equal(t, 0, sweep(t, env).Changed, "the same day again: nothing new")
	clock.Set(time.Date(2020, 9, 1, 9, 0, 0, 0, cst))
	assert.Equal(t, 0, sweep(t, env).Changed)
	page := feePage(t, env, p)
	assert.True(t, page.Payable)
	assert.Equal(t, payment.PurposeRenewal, page.Purpose)
	assert.Equal(t, "缴费状态：已完成缴费;无发票申请记录", page.StatusLine, "the current year is paid")

	// The other member renews early, by transfer: one year from the old end date.
	env.PayByTransfer(t, keep, "RENEW-KEEP")
	assert.Equal(t, "2021-09-20", validUntil(t, env, keep.ID))
	assert.Equal(t, member.StatusActive, memberStatus(t, env, keep.ID))
	waitNotificationText(t, env, keep, "系统管理员审批通过企业【次年公司】的续费申请，会员有效期延长至2021-09-20")

	clock.Set(time.Date(2020, 9, 13, 23, 30, 0, 0, cst)) // 7 days left
	assert.Equal(t, 1, sweep(t, env).Changed)
	waitNotificationText(t, env, p, "企业【续费公司】的会员资格将于2020-09-20到期（还有7天），请及时缴纳会费续期")
	assert.Equal(t, 0, sweep(t, env).Changed)

	clock.Set(time.Date(2020, 10, 20, 9, 0, 0, 0, cst)) // last day of the 30-day grace
	assert.Equal(t, 0, sweep(t, env).Changed)
	assert.Equal(t, member.StatusExpiring, memberStatus(t, env, p.ID))
	clock.Set(time.Date(2020, 10, 21, 0, 30, 0, 0, cst))
	assert.Equal(t, 1, sweep(t, env).Changed)
	assert.Equal(t, member.StatusLapsed, memberStatus(t, env, p.ID))
	waitNotificationText(t, env, p, "企业【续费公司】的会员资格已于2020-09-20到期且已过宽限期，会员资格已失效；缴纳会费后即可恢复")
	env.Mailbox.WaitFor(t, mailTo, "会员资格已失效", 10*time.Second)
	dash, err := env.App.Queries.MemberDashboard.Handle(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, "已欠费", dash.PaymentStatus)
	assert.Equal(t, "缴费状态：未缴费-未开发票", feePage(t, env, p).StatusLine)
	assert.Equal(t, 0, sweep(t, env).Changed)

	// The renewal payment: one year from the old end date, active again.
	env.PayByTransfer(t, p, "RENEW-P")
	assert.Equal(t, "2021-09-20", validUntil(t, env, p.ID))
	assert.Equal(t, member.StatusActive, memberStatus(t, env, p.ID))
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, 2, mailsWith(t, env, mailTo, remind), "two reminders, each once")
	assert.Equal(t, 1, mailsWith(t, env, mailTo, "续费已确认"))

	// The next year's reminders start afresh.
	clock.Set(time.Date(2021, 8, 22, 9, 0, 0, 0, cst))
	assert.Equal(t, 2, sweep(t, env).Changed, "both members are due again")
}

// TestRenewalSweepLease: sweeps started at once on several instances — exactly
// one does the work, and every member is reminded once.
func TestRenewalSweepLease(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 21, 9, 0, 0, 0, cst))
	const members = 3
	var ps []access.Principal
	for i := range members {
		ps = append(ps, env.ActiveMember(t, "individual", []string{"甲一", "乙二", "丙三"}[i],
			[]string{"j1@example.com", "y2@example.com", "b3@example.com"}[i]))
	}
	clock.Set(time.Date(2020, 9, 14, 9, 0, 0, 0, cst))
	const instances = 6
	results := make([]command.SweepResult, instances)
	errs := make([]error, instances)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range instances {
		wg.Go(func() {
			<-start
			results[i], errs[i] = env.App.Commands.RenewalSweep.Handle(ctx, "instance-"+string(rune('A'+i)))
		})
	}
	close(start)
	wg.Wait()
	ran, changed := 0, 0
	for i := range instances {
		require.NoError(t, errs[i])
		if results[i].Ran {
			ran++
		}
		changed += results[i].Changed
	}
	assert.Equal(t, 1, ran, "exactly one instance does the work")
	assert.Equal(t, members, changed, "each member changed once")

	// The lease outlives the sweep: other instances are refused while it lasts.
	res, err := env.App.Commands.RenewalSweep.Handle(ctx, "test-instance")
	require.NoError(t, err)
	assert.False(t, res.Ran, "the lease is held by the instance that swept")
	clock.Set(clock.Now().Add(61 * time.Minute))
	res, err = env.App.Commands.RenewalSweep.Handle(ctx, "test-instance")
	require.NoError(t, err)
	assert.True(t, res.Ran, "an expired lease is taken over")
	for _, p := range ps {
		assert.Equal(t, 1, countNotifications(t, env, p, notificationReminder(t, env, p)))
	}
}

func notificationReminder(t *testing.T, env *membershiptest.Env, p access.Principal) string {
	t.Helper()
	m, err := env.Module.Ports().Members.Get(ctx, p.ID)
	require.NoError(t, err)
	text := "个人会员【" + m.Name() + "】的会员资格将于2020-09-20到期（还有6天），请及时缴纳会费续期"
	waitNotificationText(t, env, p, text)
	return text
}

// TestVoucherUpload: an individual who transferred uploads a 缴费凭证 (PDF or JPG,
// checked by content); finance sees it, downloads it and confirms.
func TestVoucherUpload(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 21, 9, 0, 0, 0, cst))
	p := env.ApprovedMember(t, "individual", "凭证人", "pingzheng@example.com")
	finance := env.Staff(t, access.RoleFinance)
	upload := func(name string, data []byte) (string, error) {
		return env.App.Commands.UploadPaymentVoucher.Handle(ctx, command.UploadPaymentVoucher{Principal: p,
			FileName: name, Content: bytes.NewReader(data)})
	}
	bad := map[string][]byte{
		"png.pdf":       membershiptest.PNG(t, 20, 20),
		"cut.pdf":       membershiptest.PDF()[:60],
		"broken.jpg":    membershiptest.JPEG(t, 20, 20)[:100],
		"empty.pdf":     nil,
		"large.pdf":     append(membershiptest.PDF(), make([]byte, payment.MaxVoucherBytes)...),
		"html.pdf":      []byte("<html>%PDF-1.4</html>"),
		"notreally.jpg": []byte("\xFF\xD8\xFFnot a jpeg"),
	}
	codes := map[string]string{"png.pdf": "file_type", "cut.pdf": "file_corrupt", "broken.jpg": "file_corrupt",
		"empty.pdf": "file_required", "large.pdf": "file_too_large", "html.pdf": "file_type",
		"notreally.jpg": "file_corrupt"}
	for name, data := range bad {
		_, err := upload(name, data)
		requireInvalid(t, err, map[string]string{"voucher": codes[name]}, name)
	}
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, p.ID), "nothing stored")

	pid, err := upload("转账凭证.pdf", membershiptest.PDF())
	require.NoError(t, err)
	_, err = upload("again.jpg", membershiptest.JPEG(t, 30, 20))
	requireKindCode(t, err, apperr.KindConflict, "claim_open")
	page := feePage(t, env, p)
	assert.Equal(t, "缴费状态：缴费确认中", page.StatusLine)
	require.NotNil(t, page.OpenPayment)
	assert.True(t, page.OpenPayment.HasVoucher)
	assert.Equal(t, "转账凭证.pdf", page.OpenPayment.VoucherName)

	q, err := env.App.Queries.PaymentQueue.Handle(ctx, query.PaymentQueue{Principal: finance, Method: payment.MethodVoucher})
	require.NoError(t, err)
	require.Len(t, q.Items, 1)
	f, err := env.App.Queries.PaymentVoucher.Handle(ctx, query.PaymentVoucher{Principal: finance, PaymentID: pid})
	require.NoError(t, err)
	body, err := io.ReadAll(f.Body)
	require.NoError(t, err)
	require.NoError(t, f.Body.Close())
	assert.Equal(t, membershiptest.PDF(), body)
	assert.Equal(t, payment.ContentTypePDF, f.ContentType)
	other := env.ApprovedMember(t, "individual", "旁人", "pangren@example.com")
	_, err = env.App.Queries.PaymentVoucher.Handle(ctx, query.PaymentVoucher{Principal: other, PaymentID: pid})
	requireKindCode(t, err, apperr.KindNotFound, "")

	require.NoError(t, env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance,
		PaymentID: pid, AmountFen: 48000, PaidOn: clock.Now(), BankRef: "V-1"}))
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, p.ID))
	assert.Equal(t, "缴费状态：已完成缴费", feePage(t, env, p).StatusLine)
	// A bank reference counts once.
	pid2, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: other})
	require.NoError(t, err)
	err = env.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{Principal: finance,
		PaymentID: pid2, AmountFen: 48000, PaidOn: clock.Now(), BankRef: "V-1"})
	requireKindCode(t, err, apperr.KindConflict, "bank_ref_taken")
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, other.ID))
}

// TestFeeSettings: the admin changes the fee schedule and the payee; new claims
// and the fee page follow; finance may read but not change them.
func TestFeeSettings(t *testing.T) {
	t.Parallel()
	env, _ := newFeeEnv(t, time.Date(2019, 9, 21, 9, 0, 0, 0, cst))
	admin := env.Staff(t, access.RoleAdmin)
	finance := env.Staff(t, access.RoleFinance)
	p := env.ApprovedMember(t, "individual", "设置人", "shezhi@example.com")

	v, err := env.App.Queries.FeeSettings.Handle(ctx, query.FeeSettings{Principal: finance})
	require.NoError(t, err)
	assert.Equal(t, payment.DefaultFees, v.Fees)
	assert.False(t, v.Writable)
	newFees := payment.Fees{Ordinary: 600000, Council: 1200000, Individual: 50000}
	payee := payment.Payee{Name: "某某行业协会", Account: "6222 0000 1111", Bank: "建设银行北京分行"}
	err = env.App.Commands.UpdateFeeSettings.Handle(ctx, command.UpdateFeeSettings{Principal: finance, Fees: newFees, Payee: payee})
	requireKindCode(t, err, apperr.KindForbidden, "")
	err = env.App.Commands.UpdateFeeSettings.Handle(ctx, command.UpdateFeeSettings{Principal: admin,
		Fees: payment.Fees{Ordinary: -1, Council: 1, Individual: 1}, Payee: payment.Payee{Account: "abc"}})
	requireInvalid(t, err, map[string]string{"fees_ordinary": "fee_invalid", "payee_name": "required",
		"payee_account": "account_invalid", "payee_bank": "required"})
	require.NoError(t, env.App.Commands.UpdateFeeSettings.Handle(ctx, command.UpdateFeeSettings{Principal: admin,
		Fees: newFees, Payee: payee}))

	v, err = env.App.Queries.FeeSettings.Handle(ctx, query.FeeSettings{Principal: admin})
	require.NoError(t, err)
	assert.True(t, v.Writable)
	assert.Equal(t, newFees, v.Fees)
	assert.Equal(t, "622200001111", v.Payee.Account)
	page := feePage(t, env, p)
	assert.Equal(t, int64(50000), page.AmountDueFen)
	assert.Equal(t, "¥500/年", page.AmountDueText)
	assert.Equal(t, "某某行业协会", page.Payee.Name)
	started, err := env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, int64(50000), started.AmountFen)
}

// TestRenewalScheduler: Module.Run sweeps on its own.
func TestRenewalScheduler(t *testing.T) {
	t.Parallel()
	env, clock := newFeeEnv(t, time.Date(2019, 9, 21, 9, 0, 0, 0, cst),
		membershiptest.WithConfig(func(c *membership.Config) { c.Renewal.SweepEvery = 100 * time.Millisecond }))
	p := env.ActiveMember(t, "individual", "定时", "dingshi@example.com")
	clock.Set(time.Date(2020, 9, 13, 9, 0, 0, 0, cst))
	waitNotificationText(t, env, p, "个人会员【定时】的会员资格将于2020-09-20到期（还有7天），请及时缴纳会费续期")
	assert.Equal(t, member.StatusExpiring, memberStatus(t, env, p.ID))
}

package query_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (e *env) memberDetail() *query.MemberDetailHandler {
	s := e.store
	return query.NewMemberDetailHandler(s.Members(), s.Payments(), s.Notifications(), s.History(), e.policy, e.clock,
		"中国质量协会")
}

func timelineTexts(v query.MemberDetailView) []string {
	out := make([]string, len(v.Timeline))
	for i, t := range v.Timeline {
		out[i] = t.Text
	}
	return out
}

// The detail: account, application, payments, notifications and the timeline.
func TestMemberDetail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "中国质量协会", member.StatusApproved)
	e.claim(m, payment.Voucher{})
	_, err := e.store.Notifications().Add(e.ctx, notification.Notification{ID: "n1", MemberID: m.ID(), Key: "k1",
		Category: notification.CategoryApplication, Text: "入会申请资料已通过", CreatedAt: e.clock.Now()})
	require.NoError(t, err)
	finance := e.staff("finance", access.RoleFinance)
	v, err := e.memberDetail().Handle(e.ctx, query.MemberDetail{Principal: finance, MemberID: m.ID()})
	require.NoError(t, err)

	a := v.Account
	assert.Equal(t, "中国质量协会", a.Name)
	assert.Equal(t, member.StatusPaymentClaimed, a.Status)
	assert.Equal(t, payment.StateConfirming, a.FeeState)
	assert.Equal(t, "缴费确认中", a.FeeLabel)
	assert.False(t, a.JoinedAt.IsZero())
	assert.True(t, v.HasForm)
	assert.Equal(t, "中国质量协会单位会员入会申请表", v.Document.Title)
	assert.NotEmpty(t, v.Document.Sections)
	assert.NotNil(t, v.Application.Scan, "the stamped scan")
	require.Len(t, v.Payments, 1)
	assert.Equal(t, payment.StatusOpen, v.Payments[0].Status)
	assert.Equal(t, 1, v.Notifications.Total)
	assert.Equal(t, []string{"注册账号（单位会员）", "提交入会申请", "入会申请审核通过，分配会员号 " + m.Number(),
		"会员提交缴费申请（已转账或上传缴费凭证），等待财务确认"}, timelineTexts(v))
	for _, entry := range v.Timeline {
		assert.Empty(t, entry.Actor, "who acted is not recorded yet")
		assert.Equal(t, e.clock.Now().UTC(), entry.At)
	}
	assert.True(t, v.CanReadPayments)
	assert.False(t, v.CanReadApplication, "finance reads no applications")

	reviewer := e.staff("reviewer", access.RoleReviewer)
	v, err = e.memberDetail().Handle(e.ctx, query.MemberDetail{Principal: reviewer, MemberID: m.ID()})
	require.NoError(t, err)
	assert.True(t, v.CanReadApplication)
	assert.False(t, v.CanReadPayments)
	assert.NotEmpty(t, v.Application.Fields, "the API's application: the checked form")

	brief, err := e.memberDetail().Handle(e.ctx, query.MemberDetail{Principal: reviewer, MemberID: m.ID(),
		BriefApplication: true})
	require.NoError(t, err)
	full := v.Application
	assert.Empty(t, brief.Application.Fields, "the page's application: no checked form")
	assert.Equal(t, full.Scan, brief.Application.Scan)
	assert.Equal(t, full.SavedAt, brief.Application.SavedAt)
	assert.Equal(t, full.SubmittedAt, brief.Application.SubmittedAt)
	assert.Equal(t, full.NeedsScan, brief.Application.NeedsScan)
	assert.Equal(t, full.ConfirmedStamped, brief.Application.ConfirmedStamped)
	assert.Equal(t, v.Document, brief.Document)
	require.NotNil(t, brief.Member)
	assert.Equal(t, m.ID(), brief.Member.ID())
}

// Members are told the record does not exist; so is anybody asking for an
// unknown member.
func TestMemberDetailRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	h := e.memberDetail()
	own := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleIndividual}
	_, err := h.Handle(e.ctx, query.MemberDetail{Principal: own, MemberID: m.ID()})
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = h.Handle(e.ctx, query.MemberDetail{Principal: e.staff("admin", access.RoleAdmin), MemberID: "nobody"})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	v, err := h.Handle(e.ctx, query.MemberDetail{Principal: e.staff("sec", access.RoleSecretariat), MemberID: m.ID()})
	require.NoError(t, err)
	assert.False(t, v.HasForm, "no form saved yet")
	assert.Equal(t, payment.StateNotDue, v.Account.FeeState)
}

// Every member event reads as a line of the timeline.
func TestTimelineText(t *testing.T) {
	t.Parallel()
	day := time.Date(2019, 9, 21, 0, 0, 0, 0, time.UTC)
	cases := map[string]ports.HistoryEntry{
		"注册账号（个人会员）":                                         {Event: member.Registered{Base: member.Base{Kind: member.Individual}}},
		"入会申请被退回，原因：缺少盖章":                                    {Event: member.ApplicationRejected{Reason: "缺少盖章"}},
		"续费申请被退回，原因：未到账":                                     {Event: member.PaymentClaimRejected{Reason: "未到账", Renewal: true}},
		"会费到账已确认 ¥5000（银行转账）":                                {Event: member.PaymentConfirmed{AmountFen: 500000, Method: "transfer"}},
		"续费到账已确认，有效期延至 2020-09-20":                           {Event: member.PaymentConfirmed{Renewal: true, ValidUntil: day.AddDate(1, 0, -1)}},
		"缴费已确认，提交秘书处审批":                                      {Event: member.ForwardedToSecretariat{}},
		"秘书处审批通过（文号 会字〔2019〕1号），有效期 2019-09-21 至 2020-09-20": {Event: member.MembershipApproved{DocNo: "会字〔2019〕1号", ValidFrom: day, ValidUntil: day.AddDate(1, 0, -1)}},
		"会籍即将到期，有效期至 2019-09-21":                             {Event: member.MembershipExpiring{ValidUntil: day}},
		"发送续费提醒：有效期至 2019-09-21，还剩 7 天":                      {Event: member.RenewalReminderDue{DaysLeft: 7, ValidUntil: day}},
		"发送续费提醒：有效期已于 2019-09-21 截止，已过 3 天":                  {Event: member.RenewalReminderDue{DaysLeft: -3, ValidUntil: day}},
		"续费成功，有效期延至 2019-09-21":                              {Event: member.MembershipRenewed{ValidUntil: day}},
		"会籍已过期（有效期至 2019-09-21）":                             {Event: member.MembershipLapsed{ValidUntil: day}},
		"修改登录密码":                    {Event: member.PasswordChanged{}},
		"申请重置密码（已发送重置链接）":           {Event: member.PasswordResetRequested{}},
		"其他事件（member.future_event）": {Name: "member.future_event"},
		"工作人员修改会员资料（通讯地址、邮政编码），原因：来函更正":   {Event: member.Edited{Fields: []string{"通讯地址", "邮政编码"}, Reason: "来函更正"}},
		"工作人员录入会员（会员号 24000001，审核通过，待缴费）": {Event: member.Created{Number: "24000001", Status: member.StatusApproved}},
		"会员级别由「普通会员」调整为「理事」（文号 质协〔2024〕8号），原因：理事会决议": {Event: member.LevelChanged{From: member.LevelOrdinary,
			To: member.LevelCouncil, DocNo: "质协〔2024〕8号", Reason: "理事会决议"}},
		"会籍暂停，原因：欠费":      {Event: member.MembershipSuspended{Reason: "欠费"}},
		"恢复会籍（正常），原因：已补缴": {Event: member.MembershipReinstated{Reason: "已补缴", Status: member.StatusActive}},
		"会员申请退会，原因：业务调整":  {Event: member.Withdrew{Reason: "业务调整", ByRequest: true}},
		"协会办理退会，原因：长期欠费":  {Event: member.Withdrew{Reason: "长期欠费"}},
	}
	for want, h := range cases {
		assert.Equal(t, want, query.TimelineText(h))
	}
}

// With the audit log the timeline says who did each staff action: the
// approval's reviewer, the member's own steps, and staff actions that caused
// no event as entries of their own.
func TestMemberDetailTimelineActors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "中国质量协会", member.StatusApproved)
	reviewer := e.staff("zhangsan", access.RoleReviewer)
	finance := e.staff("lisi", access.RoleFinance)
	now := e.clock.Now().UTC()
	for _, en := range []audit.Entry{
		{At: now.Add(time.Second), StaffID: reviewer.ID, Action: audit.ApplicationApprove, MemberID: m.ID()},
		{At: now, StaffID: finance.ID, Action: audit.StatementAssign, MemberID: m.ID(), Summary: "流水第 3 行"},
		{At: now.Add(time.Hour), StaffID: "system", Action: audit.MemberResendMail, MemberID: m.ID(), Reason: "会员要求"},
	} {
		require.NoError(t, e.store.AuditLog().Append(e.ctx, en))
	}
	h := e.memberDetail().WithAudit(e.store.AuditLog(), e.store.Staff())
	v, err := h.Handle(e.ctx, query.MemberDetail{Principal: finance, MemberID: m.ID()})
	require.NoError(t, err)
	got := make([]string, len(v.Timeline))
	for i, t := range v.Timeline {
		got[i] = t.Text + " — " + t.Actor
	}
	assert.Equal(t, []string{"注册账号（单位会员） — 会员本人", "提交入会申请 — 会员本人",
		"入会申请审核通过，分配会员号 " + m.Number() + " — 工作人员 zhangsan",
		"流水匹配会员：流水第 3 行 — 财务 lisi", "重发验证/欢迎邮件，原因：会员要求 — 系统"}, got)
}

// A reset link the member asked for is the member's; one staff sent from
// 账号协助 is the staff member's.
func TestMemberDetailTimelineHelpActors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	reviewer := e.staff("zhangsan", access.RoleReviewer)
	reset := func() {
		now := e.clock.Now()
		require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, mm *member.Member) error {
			mm.RequestPasswordReset("link", now.Add(time.Hour), now)
			return nil
		}))
	}
	e.clock.Advance(time.Hour)
	reset()
	e.clock.Advance(time.Hour)
	reset()
	require.NoError(t, e.store.AuditLog().Append(e.ctx, audit.Entry{At: e.clock.Now().UTC(), StaffID: reviewer.ID,
		Action: audit.MemberSendReset, MemberID: m.ID()}))
	v, err := e.memberDetail().WithAudit(e.store.AuditLog(), e.store.Staff()).Handle(e.ctx,
		query.MemberDetail{Principal: reviewer, MemberID: m.ID()})
	require.NoError(t, err)
	var actors []string
	for _, t := range v.Timeline {
		actors = append(actors, t.Actor)
	}
	assert.Equal(t, []string{"会员本人", "会员本人", "工作人员 zhangsan"}, actors)
}

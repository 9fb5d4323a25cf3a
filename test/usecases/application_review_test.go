package usecases_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// TestApplicationAccess: members only ever see their own application; only
// reviewers and admins decide; nothing changes on a refusal.
func TestApplicationAccess(t *testing.T) {
	t.Parallel()
	env, _, _ := newAppEnv(t, time.Date(2024, 3, 1, 10, 0, 0, 0, cst))
	env.RegisterMember(t, "enterprise", "甲公司", "a@example.com", "abc123")
	env.RegisterMember(t, "enterprise", "乙公司", "b@example.com", "abc123")
	a := env.LoginMember(t, "甲公司", "abc123")
	b := env.LoginMember(t, "乙公司", "abc123")
	env.SubmitApplication(t, a)
	finance := env.LoginStaff(t, func() string { env.CreateStaff(t, "fin", "finance", "staff12345"); return "fin" }(), "staff12345")
	secretariat := membershiptest.StaffPrincipal(env.CreateStaff(t, "sec", "secretariat", "staff12345"), access.RoleSecretariat)
	reviewer := membershiptest.StaffPrincipal(env.CreateStaff(t, "rev", "reviewer", "staff12345"), access.RoleReviewer)

	// Another member: NotFound for the application, the scan and the PDF.
	_, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: b, MemberID: a.ID})
	requireKindCode(t, err, apperr.KindNotFound, "")
	_, err = env.App.Queries.ApplicationScan.Handle(ctx, query.ApplicationScan{Principal: b, MemberID: a.ID})
	requireKindCode(t, err, apperr.KindNotFound, "")
	_, err = env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: b, MemberID: a.ID})
	requireKindCode(t, err, apperr.KindNotFound, "")
	_, err = env.App.Queries.ApplicationScan.Handle(ctx, query.ApplicationScan{Principal: b})
	requireKindCode(t, err, apperr.KindNotFound, "scan_not_found", "b has no scan of its own")
	_, err = env.App.Queries.ApplicationDetail.Handle(ctx, query.ApplicationDetail{Principal: b, MemberID: a.ID})
	requireKindCode(t, err, apperr.KindNotFound, "", "another member is told it does not exist")
	_, err = env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: b})
	requireKindCode(t, err, apperr.KindForbidden, "")

	// Members, finance and the secretariat may not decide.
	for _, p := range []access.Principal{b, a, finance, secretariat} {
		_, err = env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: p, MemberID: a.ID})
		requireKindCode(t, err, apperr.KindForbidden, "forbidden", p.Role)
		assert.Equal(t, "您没有权限审核入会申请", apperr.As(err).Message)
		err = env.App.Commands.RejectApplication.Handle(ctx, command.RejectApplication{Principal: p, MemberID: a.ID, Reason: "x"})
		requireKindCode(t, err, apperr.KindForbidden, "forbidden", p.Role)
	}
	_, err = env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: access.Guest, MemberID: a.ID})
	requireKindCode(t, err, apperr.KindUnauthorized, "")
	// Finance cannot even read the queue; the secretariat can read but not decide.
	_, err = env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: finance})
	requireKindCode(t, err, apperr.KindForbidden, "")
	detail, err := env.App.Queries.ApplicationDetail.Handle(ctx, query.ApplicationDetail{Principal: secretariat, MemberID: a.ID})
	require.NoError(t, err)
	assert.False(t, detail.CanReview)
	// Staff cannot act as a member.
	err = env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: reviewer})
	requireKindCode(t, err, apperr.KindForbidden, "")

	v, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: a})
	require.NoError(t, err)
	assert.Equal(t, member.StatusSubmitted, v.Status, "nothing changed")
	assert.Empty(t, v.Number)

	// Queries validate their input.
	_, err = env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: reviewer, Status: "active"})
	requireInvalid(t, err, map[string]string{"status": "status_invalid"})
	_, err = env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: "nobody"})
	requireKindCode(t, err, apperr.KindNotFound, "")

	// The reviewer decides; the owner reads its scan.
	_, err = env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: a.ID})
	require.NoError(t, err)
	scan, err := env.App.Queries.ApplicationScan.Handle(ctx, query.ApplicationScan{Principal: a})
	require.NoError(t, err)
	require.NoError(t, scan.Body.Close())
}

// TestConcurrentApprovalsGetConsecutiveNumbers approves 200 applications at once
// on SQLite: 200 distinct numbers, 26000001 to 26000200, none wasted, each
// notified and mailed once. test/integration runs the same scenario on PostgreSQL.
func TestConcurrentApprovalsGetConsecutiveNumbers(t *testing.T) {
	t.Parallel()
	membershiptest.ConcurrentApprovals(t, 200)
}

// TestRedeliveredEventsNotifyAndMailOnce runs the application handlers twice on
// one event, as a broker redelivering it would.
func TestRedeliveredEventsNotifyAndMailOnce(t *testing.T) {
	t.Parallel()
	env, _, _ := newAppEnv(t, time.Date(2024, 3, 1, 10, 0, 0, 0, cst))
	id := env.RegisterMember(t, "enterprise", "测试号", "t@example.com", "abc123")
	p := env.MemberPrincipal(t, id)
	env.SubmitApplication(t, p)
	reviewer := membershiptest.StaffPrincipal(env.CreateStaff(t, "rev", "reviewer", "staff12345"), access.RoleReviewer)
	_, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: id})
	require.NoError(t, err)
	waitNotifications(t, env, p, 2)
	env.Mailbox.WaitFor(t, "t@example.com", "入会申请审核通过", 10*time.Second)

	m, err := env.Module.Ports().Members.Get(ctx, id)
	require.NoError(t, err)
	// The event as the outbox carried it: same EventID on every delivery.
	ev := member.ApplicationApproved{Base: member.Base{EventID: "evt-approved-1", MemberID: id, Kind: member.Enterprise,
		Name: m.Name(), Email: m.Email(), At: time.Now()}, Number: m.Number()}
	handlers := map[string]eventhandler.Handler{}
	for _, h := range env.App.EventHandlers {
		handlers[h.Name] = h
	}
	for range 3 {
		for _, name := range []string{"notify_application_approved", "send_application_approved_email"} {
			require.NoError(t, handlers[name].Handle(context.Background(), ev), name)
		}
	}
	waitNotifications(t, env, p, 3) // the two real ones and this one, once
	// The handler queued the email; the dispatcher writes it a moment later.
	require.Eventually(t, func() bool { return mailsWith(t, env, "t@example.com", "入会申请审核通过") >= 2 },
		10*time.Second, 20*time.Millisecond)
	time.Sleep(200 * time.Millisecond) // let a stray second copy land
	assert.Equal(t, 2, mailsWith(t, env, "t@example.com", "入会申请审核通过"), "the real one and this one, once")
}

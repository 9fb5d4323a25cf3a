package command_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

func (e *env) verifyEmail() *command.VerifyEmailHandler {
	return command.NewVerifyEmailHandler(e.store.Transactor(), e.store.Members(), e.store.Tokens(), e.clock)
}

func (e *env) resendVerification() *command.ResendEmailVerificationHandler {
	return command.NewResendEmailVerificationHandler(e.store.Members(), e.policy, e.clock)
}

// unverified stores a member of kind named name in status whose address was
// never verified (as if it had got so far without the rule).
func (e *env) unverified(kind member.Kind, name string, status member.Status) *member.Member {
	e.t.Helper()
	s := apptest.NewMember(e.t, kind, name, status, e.clock.Now()).Snapshot()
	s.EmailState.VerifiedAt = time.Time{}
	m := member.Restore(s)
	require.NoError(e.t, e.store.Members().Add(e.ctx, m))
	return m
}

// link stores a verification token for m's address, as the welcome mail's
// handler does, and returns the raw token.
func (e *env) link(m *member.Member, email string, valid time.Duration) string {
	e.t.Helper()
	token := auth.NewToken()
	require.NoError(e.t, e.store.Tokens().Put(e.ctx, auth.PurposeEmailVerification, auth.HashToken(token),
		auth.VerificationPayload(m.ID(), email), e.clock.Now().Add(valid)))
	return token
}

// Confirming a link verifies the address once: the link is used up; a second
// link of the same member still works and changes nothing.
func TestVerifyEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := apptest.AddUnverifiedMember(t, e.store.Members(), member.Enterprise, "星河科技有限公司", e.clock.Now())
	first, second := e.link(m, m.Email(), time.Hour), e.link(m, m.Email(), time.Hour)
	e.clock.Advance(time.Minute)

	id, err := e.verifyEmail().Handle(e.ctx, command.VerifyEmail{Token: first})
	require.NoError(t, err)
	assert.Equal(t, m.ID(), id)
	got := e.get(m.ID())
	assert.True(t, got.EmailVerified())
	assert.Equal(t, e.clock.Now(), got.EmailState().VerifiedAt)

	_, err = e.verifyEmail().Handle(e.ctx, command.VerifyEmail{Token: first})
	wantErr(t, err, apperr.KindInvalid, auth.CodeVerifyLinkInvalid)
	assert.Equal(t, auth.CodeVerifyLinkInvalid, fieldCodes(err)["token"])

	e.clock.Advance(time.Minute)
	_, err = e.verifyEmail().Handle(e.ctx, command.VerifyEmail{Token: second})
	require.NoError(t, err)
	assert.Equal(t, e.clock.Now().Add(-time.Minute), e.get(m.ID()).EmailState().VerifiedAt, "verified once")
}

// Unknown, over-long, expired links and links to an address the member no
// longer has verify nothing.
func TestVerifyEmailRefusesDeadLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := apptest.AddUnverifiedMember(t, e.store.Members(), member.Individual, "张三", e.clock.Now())
	expired := e.link(m, m.Email(), time.Hour)
	other := e.link(m, "someone.else@example.com", time.Hour)
	e.clock.Advance(time.Hour)
	for _, token := range []string{"", "unknown", string(bytes.Repeat([]byte("a"), 200)), expired, other} {
		_, err := e.verifyEmail().Handle(e.ctx, command.VerifyEmail{Token: token})
		wantErr(t, err, apperr.KindInvalid, auth.CodeVerifyLinkInvalid)
	}
	assert.False(t, e.get(m.ID()).EmailVerified())
}

// 「重新发送验证邮件」 records the request (its handler mails a link) within the
// limits; a verified address, staff and guests are refused.
func TestResendEmailVerification(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := apptest.AddUnverifiedMember(t, e.store.Members(), member.Individual, "张三", e.clock.Now())
	verified := e.member(member.Individual, "李四", member.StatusRegistered)
	skip := len(e.store.Events())
	p := apptest.MemberOf(m)

	err := e.resendVerification().Handle(e.ctx, command.ResendEmailVerification{Principal: p})
	wantErr(t, err, apperr.KindThrottled, "verify_mail_throttled")
	e.clock.Advance(member.VerifyMailEvery)
	require.NoError(t, e.resendVerification().Handle(e.ctx, command.ResendEmailVerification{Principal: p}))
	assert.Equal(t, []string{"member.email_verification_requested"}, e.eventNames(skip))

	err = e.resendVerification().Handle(e.ctx, command.ResendEmailVerification{Principal: apptest.MemberOf(verified)})
	wantErr(t, err, apperr.KindConflict, "email_already_verified")
	err = e.resendVerification().Handle(e.ctx, command.ResendEmailVerification{Principal: apptest.StaffOf(access.RoleReviewer)})
	require.Error(t, err)
	assert.Len(t, e.store.Events(), skip+1)
}

// Until the address is verified, the member may not save, upload, submit or
// pay (issue 9, finding 13); nothing is stored.
func TestUnverifiedMembersMayNotApplyOrPay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ent := apptest.AddUnverifiedMember(t, e.store.Members(), member.Enterprise, "星河科技有限公司", e.clock.Now())
	ind := e.unverified(member.Individual, "张三", member.StatusApproved)
	before := e.state(ent.ID(), ind.ID())
	pe, pi := apptest.MemberOf(ent), apptest.MemberOf(ind)
	form := membertest.EnterpriseForm(ent.Name())

	refusals := map[string]error{
		"save draft": e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: pe, Enterprise: &form}),
		"submit":     e.submitApplication().Handle(e.ctx, command.SubmitApplication{Principal: pe, ConfirmStamped: true}),
	}
	_, refusals["upload scan"] = e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: pe,
		FileName: "a.png", Content: bytes.NewReader(apptest.PNG(4, 4))})
	_, refusals["claim"] = e.claimPayment().Handle(e.ctx, command.ClaimPayment{Principal: pi})
	_, refusals["voucher"] = e.voucher(pi, "凭证.pdf", bytes.NewReader(apptest.PDF()))
	_, refusals["online"] = e.startOnline(&apptest.Gateway{}).Handle(e.ctx, command.StartOnlinePayment{Principal: pi})
	for what, err := range refusals {
		wantErr(t, err, apperr.KindForbidden, member.ErrEmailUnverified)
		assert.Contains(t, apperr.As(err).Message, "请先验证邮箱", what)
	}
	e.unchanged(before, ent.ID(), ind.ID())
	assert.Empty(t, e.paymentsOf(ind.ID()))
}

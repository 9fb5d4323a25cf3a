package command

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func epoch() time.Time { return time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC) }

type fixedClock struct{}

func (fixedClock) Now() time.Time { return epoch() }

type allowAll struct{}

func (allowAll) Allowed(access.Role, string, string) (bool, error) { return true, nil }

type oneSequence struct{}

func (oneSequence) Next(context.Context, string) (int64, error) { return 1, nil }

// members is a member store for these tests: Update works on a copy that is
// kept only when fn succeeds, and a payment reference code in taken (held by
// another member) fails the update like the SQL store's unique constraint.
type members struct {
	ports.MemberRepository
	byID    map[string]*member.Member
	taken   map[string]bool
	updates int
}

func (s *members) Get(_ context.Context, id string) (*member.Member, error) {
	m, ok := s.byID[id]
	if !ok {
		return nil, apperr.NotFound("member_not_found", "会员不存在")
	}
	c := *m
	return &c, nil
}

func (s *members) Update(ctx context.Context, id string, fn func(context.Context, *member.Member) error) error {
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := fn(ctx, m); err != nil {
		return err
	}
	if s.taken[m.PaymentRef()] {
		return apperr.Conflict(payment.ErrReferenceTaken, "付款识别码已被占用")
	}
	s.updates++
	s.byID[id] = m
	return nil
}

// legacy returns a store with one member approved before codes were assigned at
// approval (it has a number and no code) and its principal.
func legacy(t *testing.T) (*members, access.Principal) {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "旧会员公司",
		Email: "old@example.com", PasswordHash: "x"}, epoch())
	require.NoError(t, err)
	require.NoError(t, membertest.Approve(m, "24000001", epoch()))
	require.Empty(t, m.PaymentRef())
	s := &members{byID: map[string]*member.Member{m.ID(): m}, taken: map[string]bool{}}
	return s, access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleEnterprise}
}

func TestAssignPaymentRefGivesALegacyMemberItsCode(t *testing.T) {
	t.Parallel()
	store, p := legacy(t)
	store.taken[payment.ReferenceCode(p.ID, 0)] = true // another member holds the first derivation
	h := NewAssignPaymentRefHandler(store, allowAll{}, fixedClock{})

	ref, err := h.Handle(context.Background(), AssignPaymentRef{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, payment.ReferenceCode(p.ID, 1), ref)
	assert.True(t, payment.ValidReference(ref))
	assert.Equal(t, ref, store.byID[p.ID].PaymentRef())

	again, err := h.Handle(context.Background(), AssignPaymentRef{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, ref, again, "the code is stable")
	assert.Equal(t, 1, store.updates, "a member with a code is only read")
}

func TestAssignPaymentRefLeavesApplicantsAlone(t *testing.T) {
	t.Parallel()
	m, err := member.Register(member.Registration{Kind: member.Individual, Name: "申请人",
		Email: "new@example.com", PasswordHash: "x"}, epoch())
	require.NoError(t, err)
	store := &members{byID: map[string]*member.Member{m.ID(): m}}
	p := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleIndividual}

	ref, err := NewAssignPaymentRefHandler(store, allowAll{}, fixedClock{}).Handle(context.Background(),
		AssignPaymentRef{Principal: p})
	require.NoError(t, err)
	assert.Empty(t, ref, "no code before approval")
	assert.Zero(t, store.updates)

	staff := access.Principal{Kind: access.PrincipalStaff, ID: "s", Role: access.RoleFinance}
	_, err = NewAssignPaymentRefHandler(store, allowAll{}, fixedClock{}).Handle(context.Background(),
		AssignPaymentRef{Principal: staff})
	assert.Equal(t, "members_only", apperr.As(err).Code)
}

func TestApprovalAssignsThePaymentRef(t *testing.T) {
	t.Parallel()
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "新会员公司",
		Email: "new@example.com", PasswordHash: "x"}, epoch())
	require.NoError(t, err)
	require.NoError(t, membertest.Submit(m, epoch()))
	store := &members{byID: map[string]*member.Member{m.ID(): m},
		taken: map[string]bool{payment.ReferenceCode(m.ID(), 0): true}}
	h := NewApproveApplicationHandler(store, oneSequence{}, allowAll{}, fixedClock{},
		NumberFormats{Enterprise: member.DefaultEnterpriseNumbers, Individual: member.DefaultIndividualNumbers}, nil,
		NewAuditor(discardAudit{}, fixedClock{}))
	reviewer := access.Principal{Kind: access.PrincipalStaff, ID: "r", Role: access.RoleReviewer}

	number, err := h.Handle(context.Background(), ApproveApplication{Principal: reviewer, MemberID: m.ID()})
	require.NoError(t, err)
	stored := store.byID[m.ID()]
	assert.Equal(t, number, stored.Number())
	assert.Equal(t, member.StatusApproved, stored.Status())
	assert.Equal(t, payment.ReferenceCode(m.ID(), 1), stored.PaymentRef(),
		"a taken code rolls the approval back and the next one is tried")
}

func TestWithFreeRefGivesUp(t *testing.T) {
	t.Parallel()
	tries := 0
	err := withFreeRef("m1", func(string) error {
		tries++
		return apperr.Conflict(payment.ErrReferenceTaken, "taken")
	})
	assert.True(t, apperr.IsKind(err, apperr.KindInternal), "%v", err)
	assert.Equal(t, maxRefAttempts, tries)

	other := apperr.Conflict("something_else", "x")
	assert.Equal(t, error(other), withFreeRef("m1", func(string) error { return other }))
}

// discardAudit is an audit log that keeps nothing, for the tests on stand-in
// stores.
type discardAudit struct{}

func (discardAudit) Append(context.Context, audit.Entry) error { return nil }

func (discardAudit) List(context.Context, ports.AuditQuery) ([]audit.Entry, int, error) {
	return []audit.Entry{}, 0, nil
}

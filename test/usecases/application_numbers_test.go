package usecases_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

func TestMemberNumberPatternsAreConfigurable(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Date(2024, 12, 31, 23, 30, 0, 0, cst)) // still 2024 in the association's zone
	env := membershiptest.New(t, membershiptest.WithClock(clock), membershiptest.WithConfig(func(c *membership.Config) {
		c.MemberNumbers = membership.MemberNumbers{Enterprise: "QA{YYYY}-{SEQ:1}"}
	}))
	reviewer := membershiptest.StaffPrincipal(env.CreateStaff(t, "rev", "reviewer", "staff12345"), access.RoleReviewer)
	approve := func(i int) (string, string, error) {
		m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: fmt.Sprintf("企业%02d", i),
			Email: fmt.Sprintf("e%02d@example.com", i), PasswordHash: "x"}, time.Now())
		require.NoError(t, err)
		require.NoError(t, membertest.Submit(m, time.Now()))
		require.NoError(t, env.Module.Ports().Members.Add(ctx, m))
		n, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: m.ID()})
		return m.ID(), n, err
	}
	for i := 1; i <= 9; i++ {
		_, n, err := approve(i)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("QA2024-%d", i), n)
	}
	id, _, err := approve(10)
	requireKindCode(t, err, apperr.KindInternal, "member_numbers_exhausted")
	m, err := env.Module.Ports().Members.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, member.StatusSubmitted, m.Status(), "no number, no approval")

	// Individuals keep the default pattern.
	ind, err := member.Register(member.Registration{Kind: member.Individual, Name: "张三", Email: "z@example.com", PasswordHash: "x"}, time.Now())
	require.NoError(t, err)
	require.NoError(t, membertest.Submit(ind, time.Now()))
	require.NoError(t, env.Module.Ports().Members.Add(ctx, ind))
	n, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: ind.ID()})
	require.NoError(t, err)
	assert.Equal(t, "GR240001", n)
}

// TestMemberNumbersWithoutYearCountOnAcrossYears: with {SEQ:6} the counter does
// not restart on 1 January (it would hand out 000001 again and the approval would
// fail on the unique member number).
func TestMemberNumbersWithoutYearCountOnAcrossYears(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Date(2025, 12, 31, 23, 30, 0, 0, cst))
	env := membershiptest.New(t, membershiptest.WithClock(clock), membershiptest.WithConfig(func(c *membership.Config) {
		c.MemberNumbers = membership.MemberNumbers{Enterprise: "{SEQ:6}", Individual: "GR{SEQ:4}"}
	}))
	reviewer := membershiptest.StaffPrincipal(env.CreateStaff(t, "rev", "reviewer", "staff12345"), access.RoleReviewer)
	approve := func(kind member.Kind, name string) string {
		t.Helper()
		m, err := member.Register(member.Registration{Kind: kind, Name: name,
			Email: fmt.Sprintf("%x@example.com", name), PasswordHash: "x"}, time.Now())
		require.NoError(t, err)
		require.NoError(t, membertest.Submit(m, time.Now()))
		require.NoError(t, env.Module.Ports().Members.Add(ctx, m))
		n, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: m.ID()})
		require.NoError(t, err, name)
		got, err := env.Module.Ports().Members.Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Equal(t, n, got.Number(), "stored as handed out")
		return n
	}
	assert.Equal(t, "000001", approve(member.Enterprise, "岁末企业"))
	assert.Equal(t, "GR0001", approve(member.Individual, "岁末个人"))
	clock.Set(time.Date(2026, 1, 1, 0, 10, 0, 0, cst)) // a new year in the association's zone
	assert.Equal(t, "000002", approve(member.Enterprise, "新年企业"))
	assert.Equal(t, "000003", approve(member.Enterprise, "新年企业二"))
	assert.Equal(t, "GR0002", approve(member.Individual, "新年个人"))
}

func TestBadMemberNumberPatternsAreRefused(t *testing.T) {
	t.Parallel()
	for _, numbers := range []membership.MemberNumbers{
		{Enterprise: "{YY}"},
		{Individual: "GR{SEQ:0}"},
		{Enterprise: "{SEQ:4}{SEQ:4}"},
		{Enterprise: "X{SEQ:4}", Individual: "X{SEQ:4}"},
	} {
		_, err := membership.New(membership.Config{DataDir: t.TempDir(), MemberNumbers: numbers})
		assert.ErrorContains(t, err, "MemberNumbers", "%+v", numbers)
	}
}

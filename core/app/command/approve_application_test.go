package command_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// allowAll is an authorizer that allows everything: the policy has tests of its
// own; this one is about the use case.
type allowAll struct{}

func (allowAll) Allowed(access.Role, string, string) (bool, error) { return true, nil }

// fixedClock always tells the same time.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// The use case on the in-memory store, without disk: an approval assigns the
// next member number inside the member's transaction, and a second approval is
// a Conflict.
func TestApproveApplication(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	store := memstore.New(fixedClock{now})
	members := store.Members()
	handler := command.NewApproveApplicationHandler(members, store.Sequences(), allowAll{}, fixedClock{now},
		command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers, Individual: member.DefaultIndividualNumbers},
		time.UTC)
	reviewer := access.Principal{Kind: access.PrincipalStaff, ID: "s-1", Role: access.RoleReviewer}
	add := func(name, email string, submit bool) string {
		t.Helper()
		m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: name, Email: email,
			PasswordHash: "h"}, now)
		require.NoError(t, err)
		if submit {
			require.NoError(t, membertest.Submit(m, now))
		}
		require.NoError(t, members.Add(ctx, m))
		return m.ID()
	}
	draft := add("草稿公司", "draft@example.com", false)
	submitted := add("星河科技有限公司", "office@xinghe.example", true)

	// Approving an application that was never submitted fails and uses no number.
	_, err := handler.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: draft})
	require.True(t, apperr.IsKind(err, apperr.KindConflict), "got %v", err)

	number, err := handler.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: submitted})
	require.NoError(t, err)
	assert.Equal(t, "24000001", number, "the first number of the year")
	got, err := members.Get(ctx, submitted)
	require.NoError(t, err)
	assert.Equal(t, member.StatusApproved, got.Status())
	assert.Equal(t, number, got.Number())
	events := store.Events()
	assert.Equal(t, "member.application_approved", events[len(events)-1].Name)

	_, err = handler.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: submitted})
	require.True(t, apperr.IsKind(err, apperr.KindConflict), "got %v", err)
	assert.Equal(t, member.ErrAlreadyApproved, apperr.As(err).Code)
	again, err := members.Get(ctx, submitted)
	require.NoError(t, err)
	assert.Equal(t, number, again.Number(), "the second approval changed nothing")
}

package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// historyNames lists the names of a member's history.
func historyNames(t *testing.T, h ports.MemberHistory, id string, limit int) []string {
	t.Helper()
	entries, err := h.History(context.Background(), id, limit)
	require.NoError(t, err)
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
		require.NotNil(t, e.Event, e.Name)
		assert.Equal(t, e.Name, e.Event.EventName())
		assert.Empty(t, e.Actor, "events carry no actor yet")
		assert.Equal(t, time.UTC, e.At.Location())
	}
	return out
}

func memberHistory(t *testing.T, f DirectoryFixture) {
	ctx := context.Background()
	r := seedRegistry(t, f)
	assert.Equal(t, []string{"member.registered", "member.application_submitted", "member.application_approved",
		"member.payment_confirmed", "member.forwarded_to_secretariat", "member.membership_approved"},
		historyNames(t, f.History, r["quality"].ID(), 0), "the events of an Add, in order")
	assert.Equal(t, []string{"member.registered", "member.application_submitted", "member.application_approved",
		"member.payment_claimed"}, historyNames(t, f.History, r["zhang"].ID(), 0), "and of an Update")

	entries, err := f.History.History(ctx, r["quality"].ID(), 0)
	require.NoError(t, err)
	approved, ok := entries[5].Event.(member.MembershipApproved)
	require.True(t, ok, "events come back as the values the aggregate recorded: %T", entries[5].Event)
	assert.Equal(t, "文号", approved.DocNo)
	assert.Equal(t, "19000001", approved.Number)
	sameInstant(t, epoch(), entries[5].At, "the event's time")

	expires := epoch().Add(time.Hour)
	require.NoError(t, f.Members.Update(ctx, r["lisi"].ID(), func(_ context.Context, m *member.Member) error {
		m.RequestPasswordReset("reset-link-1", expires, epoch())
		return nil
	}))
	entries, err = f.History.History(ctx, r["lisi"].ID(), 0)
	require.NoError(t, err)
	require.Len(t, entries, 2)
	reset, ok := entries[1].Event.(member.PasswordResetRequested)
	require.True(t, ok)
	assert.Equal(t, "reset-link-1", reset.LinkID, "what the event says is kept")
	assert.True(t, expires.Equal(reset.ExpiresAt))

	err = f.Members.Update(ctx, r["lisi"].ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("$argon2id$new", epoch())
		return assert.AnError
	})
	require.ErrorIs(t, err, assert.AnError)
	assert.Len(t, historyNames(t, f.History, r["lisi"].ID(), 0), 2, "a failed change adds nothing")

	assert.Equal(t, []string{"member.forwarded_to_secretariat", "member.membership_approved"},
		historyNames(t, f.History, r["quality"].ID(), 2), "the newest, oldest first")
	assert.Empty(t, historyNames(t, f.History, "no-such-member", 0))
}

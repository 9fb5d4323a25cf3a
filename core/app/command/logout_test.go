package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// Logging out ends that session only; logging out twice is fine.
func TestLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	one, token := auth.NewSession(apptest.MemberOf(m), false, e.clock.Now())
	other, _ := auth.NewSession(apptest.MemberOf(m), true, e.clock.Now())
	require.NoError(t, e.store.Sessions().Create(e.ctx, one))
	require.NoError(t, e.store.Sessions().Create(e.ctx, other))

	h := command.NewLogoutHandler(e.store.Sessions())
	require.NoError(t, h.Handle(e.ctx, command.Logout{TokenHash: auth.HashToken(token)}))
	_, err := e.store.Sessions().Get(e.ctx, one.TokenHash, e.clock.Now())
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	_, err = e.store.Sessions().Get(e.ctx, other.TokenHash, e.clock.Now())
	require.NoError(t, err, "the member's other session goes on")

	require.NoError(t, h.Handle(e.ctx, command.Logout{TokenHash: auth.HashToken(token)}), "twice is fine")
	assert.Equal(t, 1, e.dropSessions())
}

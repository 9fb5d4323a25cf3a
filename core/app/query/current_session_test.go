package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// The cookie's raw token resolves to its live session; a missing, malformed,
// unknown or expired one asks to log in.
func TestCurrentSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRegistered)
	s, token := auth.NewSession(apptest.MemberOf(m), false, e.clock.Now())
	require.NoError(t, e.store.Sessions().Create(e.ctx, s))
	h := query.NewCurrentSessionHandler(e.store.Sessions(), e.clock)

	got, err := h.Handle(e.ctx, token)
	require.NoError(t, err)
	assert.Equal(t, s.Principal, got.Principal)
	assert.Equal(t, s.TokenHash, got.TokenHash)

	for _, bad := range []string{"", string(make([]byte, 129))} {
		_, err = h.Handle(e.ctx, bad)
		wantErr(t, err, apperr.KindUnauthorized, "login_required")
	}
	_, err = h.Handle(e.ctx, "never-issued")
	wantErr(t, err, apperr.KindUnauthorized, "session_expired")
	e.clock.Advance(auth.BrowserSessionFor + time.Second)
	_, err = h.Handle(e.ctx, token)
	wantErr(t, err, apperr.KindUnauthorized, "session_expired")
}

package query_test

import (
	"strings"
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

// A verification link's page learns whether the link works without using it
// up; dead links (unknown, expired, sent to another address) are one error.
func TestEmailVerificationLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := query.NewEmailVerificationLinkHandler(e.store.Tokens(), e.store.Members(), e.clock)
	m := apptest.AddUnverifiedMember(t, e.store.Members(), member.Individual, "张三", e.clock.Now())
	put := func(email string, valid time.Duration) string {
		token := auth.NewToken()
		require.NoError(t, e.store.Tokens().Put(e.ctx, auth.PurposeEmailVerification, auth.HashToken(token),
			auth.VerificationPayload(m.ID(), email), e.clock.Now().Add(valid)))
		return token
	}
	live, other, short := put(m.Email(), time.Hour), put("x@example.com", time.Hour), put(m.Email(), time.Minute)

	for range 2 {
		got, err := h.Handle(e.ctx, live)
		require.NoError(t, err, "looking does not use the link up")
		assert.False(t, got.Verified)
	}
	e.update(m, func(m *member.Member) error { m.VerifyEmail(e.clock.Now()); return nil })
	got, err := h.Handle(e.ctx, live)
	require.NoError(t, err)
	assert.True(t, got.Verified)

	e.clock.Advance(time.Minute)
	for _, token := range []string{"", "nope", strings.Repeat("x", 129), other, short} {
		_, err := h.Handle(e.ctx, token)
		require.Error(t, err)
		assert.Equal(t, auth.CodeVerifyLinkInvalid, apperr.As(err).Code)
	}
}

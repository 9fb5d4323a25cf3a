package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
)

// A reset link's page learns whether the link works, without using it up;
// unknown, used and expired links are one error on the field token.
func TestPasswordResetLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := query.NewPasswordResetLinkHandler(e.store.Tokens(), e.clock)
	token := auth.NewToken()
	key := auth.HashToken(token)
	require.NoError(t, e.store.Tokens().Put(e.ctx, auth.PurposePasswordReset, key, []byte("m1"), e.clock.Now().Add(time.Hour)))
	for range 2 {
		require.NoError(t, h.Handle(e.ctx, token), "looking does not use the link up")
	}
	wantErr(t, h.Handle(e.ctx, auth.NewToken()), apperr.KindInvalid, "reset_token_invalid")
	wantErr(t, h.Handle(e.ctx, ""), apperr.KindInvalid, "reset_token_invalid")
	e.clock.Advance(time.Hour + time.Second)
	wantErr(t, h.Handle(e.ctx, token), apperr.KindInvalid, "reset_token_invalid")
}

package membershiptest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// RegisterUnverified leaves the address unverified; VerifyEmail verifies it
// through the mailed link; RegisterMember does both.
func TestRegisterAndVerifyEmail(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	ctx := context.Background()
	verified := func(id string) bool {
		t.Helper()
		d, err := env.App.Queries.MemberDashboard.Handle(ctx, env.MemberPrincipal(t, id))
		require.NoError(t, err)
		return d.EmailVerified
	}

	id := env.RegisterUnverified(t, "individual", "张三", "z@example.com", "abc123")
	assert.False(t, verified(id))
	link := env.VerificationLink(t, "z@example.com")
	assert.True(t, strings.HasPrefix(link, "http://member.test/email/verify?token="), link)
	assert.Equal(t, link[strings.Index(link, "=")+1:], membershiptest.LinkToken(t, link))
	env.VerifyEmail(t, "z@example.com")
	assert.True(t, verified(id))

	assert.True(t, verified(env.RegisterMember(t, "enterprise", "星河科技有限公司", "x@example.com", "abc123")))
}

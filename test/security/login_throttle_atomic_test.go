package security_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 4: twelve wrong passwords sent at once against one account must not
// all be checked. The attempt is reserved before the password is verified, so
// exactly the account's limit (5) reach the check and the rest are refused with
// 429 and Retry-After — for member and for staff logins.
func TestConcurrentWrongPasswordsAreThrottled(t *testing.T) {
	t.Parallel()
	const n = 12
	limit := auth.AccountThrottle.MaxFailures
	for _, tc := range []struct {
		name, path string
		body       func(pass string) map[string]any
		setup      func(t *testing.T, env *membershiptest.Env)
	}{
		{"member", "/sessions", func(pass string) map[string]any {
			return map[string]any{"login": "并发测试公司", "password": "wrong1234", "captcha_token": pass}
		}, func(t *testing.T, env *membershiptest.Env) {
			env.RegisterMember(t, "enterprise", "并发测试公司", "bingfa@example.com", "right1234")
		}},
		{"staff", "/staff/sessions", func(pass string) map[string]any {
			return map[string]any{"username": "finance9", "password": "wrong12345678", "captcha_token": pass}
		}, func(t *testing.T, env *membershiptest.Env) {
			env.CreateStaff(t, "finance9", "finance", "right12345678")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hasher := newCountingHasher(argon2hash.Fast())
			env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPasswordHasher(hasher)))
			tc.setup(t, env)
			passes := make([]string, n)
			for i := range passes {
				passes[i] = passFor(t, env, tc.name)
			}
			h := env.Handler()
			replies := concurrently(t, hasher, n, func(i int) apiReply {
				return callAPI(t, h, http.MethodPost, tc.path, tc.body(passes[i]), "203.0.113.4:5000", "")
			})
			got := statuses(replies)
			assert.Equal(t, limit, got[http.StatusUnprocessableEntity], "exactly the limit reach the password check: %v", got)
			assert.Equal(t, n-limit, got[http.StatusTooManyRequests], "the rest are throttled: %v", got)
			for _, r := range replies {
				if r.Status == http.StatusTooManyRequests {
					assert.Equal(t, "login_throttled", r.code())
					assert.NotEmpty(t, r.Header.Get("Retry-After"))
				}
			}
		})
	}
}

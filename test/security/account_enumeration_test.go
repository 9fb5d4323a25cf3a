package security_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 9 (logins): an unknown account and a wrong password get the same
// answer — status, code, field and message — and cost the same one password
// verification, so neither the message nor the timing tells which accounts
// exist. Member and staff logins alike.
func TestLoginDoesNotTellUnknownAccountsFromWrongPasswords(t *testing.T) {
	t.Parallel()
	hasher := newCountingHasher(argon2hash.Fast())
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPasswordHasher(hasher)))
	env.RegisterMember(t, "enterprise", "枚举测试公司", "meiju@example.com", "right1234")
	env.CreateStaff(t, "finance7", "finance", "right12345678")
	h := env.Handler()

	try := func(path string, body map[string]any) (apiReply, int64) {
		purpose := captcha.PurposeLogin
		if path == "/staff/sessions" {
			purpose = captcha.PurposeStaffLogin
		}
		body["captcha_token"] = env.PassCaptcha(t, purpose)
		hasher.reset()
		r := callAPI(t, h, http.MethodPost, path, body, "203.0.113.9:4000", "")
		return r, hasher.verifies.Load()
	}
	for _, tc := range []struct {
		name, path     string
		unknown, wrong map[string]any
	}{
		{"member", "/sessions",
			map[string]any{"login": "不存在的公司", "password": "wrong1234"},
			map[string]any{"login": "枚举测试公司", "password": "wrong1234"}},
		{"member number", "/sessions",
			map[string]any{"login": "GR999999", "password": "wrong1234"},
			map[string]any{"login": "枚举测试公司", "password": "wrong5678"}},
		{"staff", "/staff/sessions",
			map[string]any{"username": "nobody9", "password": "wrong12345678"},
			map[string]any{"username": "finance7", "password": "wrong12345678"}},
	} {
		unknown, unknownChecks := try(tc.path, tc.unknown)
		wrong, wrongChecks := try(tc.path, tc.wrong)
		require.Equal(t, http.StatusUnprocessableEntity, unknown.Status, "%s: %v", tc.name, unknown.Body)
		assert.Equal(t, wrong.Status, unknown.Status, tc.name)
		assert.Equal(t, wrong.code(), unknown.code(), tc.name)
		assert.Equal(t, wrong.message(), unknown.message(), tc.name)
		assert.Equal(t, wrong.Body["error"].(map[string]any)["fields"], unknown.Body["error"].(map[string]any)["fields"],
			"%s: the same field, code and message", tc.name)
		assert.Equal(t, map[string]string{"password": "invalid_credentials"}, unknown.fields(), tc.name)
		assert.Equal(t, "账号或密码错误", fieldMessage(unknown, "password"), tc.name)
		assert.Equal(t, int64(1), unknownChecks, "%s: an unknown account costs one password check", tc.name)
		assert.Equal(t, int64(1), wrongChecks, "%s: a wrong password costs one password check", tc.name)
	}
}

// Finding 9 (forgot password): a registered and an unknown address get the same
// answer; only the registered one is mailed a link.
func TestForgotPasswordAnswersAlikeForUnknownAddresses(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "individual", "王忘记", "wang.forgot@example.com", "right1234")
	h := env.Handler()
	ask := func(email string) apiReply {
		return callAPI(t, h, http.MethodPost, "/password-resets",
			map[string]any{"email": email, "captcha_token": env.PassCaptcha(t, captcha.PurposeForgotPassword)},
			"203.0.113.10:4000", "")
	}
	unknown := ask("nobody.here@example.com")
	known := ask("wang.forgot@example.com")
	assert.Equal(t, http.StatusAccepted, unknown.Status, "%v", unknown.Body)
	assert.Equal(t, known.Status, unknown.Status)
	assert.Equal(t, known.Body, unknown.Body)
	env.Mailbox.WaitFor(t, "wang.forgot@example.com", "重置密码", mailWait)
	stray, err := env.Mailbox.To("nobody.here@example.com")
	require.NoError(t, err)
	assert.Empty(t, stray, "no account, no link")
}

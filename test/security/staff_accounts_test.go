package security_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// staffSession logs a staff account in through the API and returns the token.
func staffSession(t *testing.T, env *membershiptest.Env, h http.Handler, username, password string) string {
	t.Helper()
	r := callAPI(t, h, http.MethodPost, "/staff/sessions", map[string]any{"username": username,
		"password": password, "captcha_token": env.PassCaptcha(t, captcha.PurposeStaffLogin)}, "198.51.100.70:4000", "")
	require.Equal(t, http.StatusCreated, r.Status, "%v", r.Body["error"])
	token, _ := r.Body["token"].(string)
	return token
}

// Finding 15 (staff): a role change takes effect on the next request of a
// session that is already open, without logging in again.
func TestStaffRoleChangeTakesEffectWithoutRelogin(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	h := env.Handler()
	env.CreateStaff(t, "rolechange", "reviewer", "reviewer12345")
	token := staffSession(t, env, h, "rolechange", "reviewer12345")
	get := func(path string) int {
		return callAPI(t, h, http.MethodGet, path, nil, "198.51.100.70:4000", token).Status
	}
	require.Equal(t, http.StatusOK, get("/applications"))
	require.Equal(t, http.StatusForbidden, get("/payments"))

	require.NoError(t, env.App.Commands.ChangeStaffRole.Handle(context.Background(),
		command.ChangeStaffRole{Username: "rolechange", Role: "finance"}))
	assert.Equal(t, http.StatusOK, get("/payments"), "the open session has the new role")
	assert.Equal(t, http.StatusForbidden, get("/applications"), "and no longer the old one")
}

// Finding 15 (staff): a disabled account's open sessions end at once and it
// cannot log in again.
func TestDisabledStaffAccountIsLockedOut(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	h := env.Handler()
	env.CreateStaff(t, "leaver", "finance", "finance12345")
	token := staffSession(t, env, h, "leaver", "finance12345")
	require.Equal(t, http.StatusOK, callAPI(t, h, http.MethodGet, "/me", nil, "198.51.100.70:4000", token).Status)

	require.NoError(t, env.App.Commands.DisableStaff.Handle(context.Background(), command.DisableStaff{Username: "leaver"}))
	assert.Equal(t, http.StatusUnauthorized, callAPI(t, h, http.MethodGet, "/me", nil, "198.51.100.70:4000", token).Status,
		"the open session ended")
	r := callAPI(t, h, http.MethodPost, "/staff/sessions", map[string]any{"username": "leaver",
		"password": "finance12345", "captcha_token": env.PassCaptcha(t, captcha.PurposeStaffLogin)}, "198.51.100.71:4000", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%v", r.Body["error"])
	assert.Equal(t, "account_disabled", r.fields()["username"])
}

// Finding 15 (staff): staff passwords have at least ten characters, when the
// account is made and when the password changes.
func TestStaffPasswordsNeedTenCharacters(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	h := env.Handler()
	_, err := env.App.Commands.CreateStaff.Handle(context.Background(), command.CreateStaff{Username: "shortpw",
		Role: "finance", Password: "abc123456"})
	require.Error(t, err, "nine characters are too few")
	env.CreateStaff(t, "longpw", "finance", "abc1234567")
	token := staffSession(t, env, h, "longpw", "abc1234567")
	r := callAPI(t, h, http.MethodPut, "/me/password", map[string]any{"old_password": "abc1234567",
		"new_password": "xyz987654", "new_password_confirm": "xyz987654"}, "198.51.100.70:4000", token)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%v", r.Body["error"])
	assert.Equal(t, "password_too_short", r.fields()["new_password"])
	r = callAPI(t, h, http.MethodPut, "/me/password", map[string]any{"old_password": "abc1234567",
		"new_password": "xyz9876543", "new_password_confirm": "xyz9876543"}, "198.51.100.70:4000", token)
	assert.Equal(t, http.StatusNoContent, r.Status, "%v", r.Body["error"])
}

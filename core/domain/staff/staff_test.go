package staff_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
)

func TestNewAndRestore(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	s, err := staff.New(" wang ", "", " W@Example.com ", access.RoleFinance, "hash", now)
	require.NoError(t, err)
	assert.Equal(t, "wang", s.Username())
	assert.Equal(t, "wang", s.DisplayName(), "the display name defaults to the username")
	assert.Equal(t, access.RoleFinance, s.Role())
	assert.Equal(t, "hash", s.PasswordHash())
	assert.Equal(t, now, s.CreatedAt())
	assert.NotEmpty(t, s.ID())
	assert.Equal(t, s, staff.Restore(s.Snapshot()))

	_, err = staff.New("x", "", "", access.Role("member"), "hash", now)
	require.Error(t, err)
}

// A staff password follows the member rule and has at least ten characters.
func TestCheckPassword(t *testing.T) {
	t.Parallel()
	for pw, code := range map[string]string{"": "required", "abc123": "password_too_short",
		"abc123456": "password_too_short", "abcdefghij": "password_weak", "abc1234567": "", "长密码abc1234": ""} {
		var v apperr.Validation
		staff.CheckPassword(&v, "password", pw)
		err := v.Err()
		if code == "" {
			assert.NoError(t, err, pw)
			continue
		}
		require.Error(t, err, pw)
		assert.Equal(t, code, apperr.As(err).Fields[0].Code, pw)
	}
}

// An account is disabled when its snapshot says since when.
func TestDisabled(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	assert.False(t, staff.Restore(staff.Snapshot{ID: "a"}).Disabled())
	assert.True(t, staff.Restore(staff.Snapshot{ID: "a", DisabledAt: now}).Disabled())
}

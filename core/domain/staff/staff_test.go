package staff_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
